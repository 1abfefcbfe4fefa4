import fs from 'node:fs';
import { SentinelJson } from '../model/artifact/sentinelJson';
import { alignHosts, FeatureSeries, HostFeatureMatrix } from '../model/features/alignSeries';
import { FeatureInputError } from '../model/features/errors';
import { renderFeatureQuery, settleSteps } from '../model/features/featureSpec';
import { seriesFromPrometheusMatrix } from '../model/features/fromPrometheus';
import { CsvTable, parseCsv, parseFiniteNumber } from '../replay/numericCsv';

/** Prefix of feature columns in our CSV, so a feature file can be replayed into Prometheus as is. */
export const FEATURE_COLUMN_PREFIX = 'sentinel_feature_';

/**
 * Every feature of the model for the selected hosts from a Prometheus-compatible server, on the
 * model's grid from `fetchStartMs` (the warm-up) to `endMs`. One query_range per feature.
 */
export async function hostsFromPrometheus(
  meta: SentinelJson,
  baseUrl: string,
  selector: string,
  fetchStartMs: number,
  endMs: number,
  timeoutMs = 60_000
): Promise<HostFeatureMatrix[]> {
  const stepMs = meta.stepSeconds * 1000;
  const series: FeatureSeries[] = [];
  for (const spec of meta.features) {
    const body = new URLSearchParams({
      query: renderFeatureQuery(spec, selector, meta.rateWindow),
      start: String(fetchStartMs / 1000),
      end: String(endMs / 1000),
      step: String(meta.stepSeconds),
    });
    let response: Response;
    try {
      response = await fetch(new URL('/api/v1/query_range', baseUrl), { method: 'POST', body, signal: AbortSignal.timeout(timeoutMs) });
    } catch (err) {
      throw new FeatureInputError(`feature "${spec.name}": ${baseUrl} unreachable or too slow (${(err as Error).message})`);
    }
    const payload: unknown = await response.json().catch(() => undefined);
    if (!response.ok) {
      const message = (payload as { error?: string } | undefined)?.error ?? response.statusText;
      throw new FeatureInputError(`feature "${spec.name}": ${baseUrl} answered ${response.status}: ${message}`);
    }
    series.push(...seriesFromPrometheusMatrix(spec.name, payload));
  }
  if (series.length === 0) {
    throw new FeatureInputError(`no feature returned data for ${selector} in the range; check the selector and the metric mapping`);
  }
  return alignHosts(
    series,
    meta.features.map((f) => f.name),
    { startMs: fetchStartMs, endMs, stepMs, maxFillSteps: meta.maxFillSteps, settleSteps: settleSteps(meta.features, meta.rateWindow, stepMs) }
  );
}

/**
 * Features from our CSV: `timestamp,instance,sentinel_feature_<name>…` (or bare feature names),
 * timestamps in unix seconds. Feature columns the model does not read are refused, and so are
 * missing ones: a silent zero would be a wrong number.
 */
export function hostsFromFeatureCsv(file: string, meta: SentinelJson, range?: { startMs: number; endMs: number }): HostFeatureMatrix[] {
  return hostsFromFeatureTable(parseCsv(fs.readFileSync(file, 'utf8'), file), file, meta, range);
}

/** Name of the optional column of warning labels in a feature CSV (1 inside [f − H, f] of a failure f). */
export const LABEL_COLUMN = 'label';

/**
 * A feature CSV that may carry a `label` column (0/1 per row, for fine-tuning): the hosts, and
 * their labels on the same grid (null when the file has no label column). Steps with no row are 0.
 */
export function hostsAndLabelsFromFeatureCsv(file: string, meta: SentinelJson): { hosts: HostFeatureMatrix[]; labels: Map<string, Uint8Array> | null } {
  const table = parseCsv(fs.readFileSync(file, 'utf8'), file);
  const at = table.header.indexOf(LABEL_COLUMN);
  if (at < 0) {
    return { hosts: hostsFromFeatureTable(table, file, meta), labels: null };
  }
  const without = (row: string[]) => row.filter((_, c) => c !== at);
  const hosts = hostsFromFeatureTable({ header: without(table.header), rows: table.rows.map(without) }, file, meta);
  const stepMs = meta.stepSeconds * 1000;
  const labels = new Map(hosts.map((h) => [h.instance, new Uint8Array(h.timestampsMs.length)]));
  table.rows.forEach((row, r) => {
    const value = parseFiniteNumber(row[at], file, r + 2, LABEL_COLUMN);
    if (value !== 0 && value !== 1) {
      throw new FeatureInputError(`${file} line ${r + 2}: label "${row[at]}" must be 0 or 1`);
    }
    const host = hosts.find((h) => h.instance === row[1]);
    const k = host ? Math.round((parseFiniteNumber(row[0], file, r + 2, 'timestamp') * 1000 - host.timestampsMs[0]) / stepMs) : -1;
    if (host && k >= 0 && k < host.timestampsMs.length && value === 1) {
      labels.get(host.instance)![k] = 1;
    }
  });
  return { hosts, labels };
}

function hostsFromFeatureTable(table: CsvTable, file: string, meta: SentinelJson, range?: { startMs: number; endMs: number }): HostFeatureMatrix[] {
  if (table.header[0] !== 'timestamp' || table.header[1] !== 'instance') {
    throw new FeatureInputError(`${file}: expected a header "timestamp,instance,<feature>…"`);
  }
  const names = meta.features.map((f) => f.name);
  const columns = table.header.slice(2).map((c) => (c.startsWith(FEATURE_COLUMN_PREFIX) ? c.slice(FEATURE_COLUMN_PREFIX.length) : c));
  for (const c of columns) {
    if (!names.includes(c)) {
      throw new FeatureInputError(`${file}: column "${c}" is not a feature of model ${meta.version} (${names.join(', ')})`);
    }
  }
  const absent = names.filter((n) => !columns.includes(n));
  if (absent.length > 0) {
    throw new FeatureInputError(`${file}: no column for feature(s) ${absent.join(', ')}`);
  }
  const byKey = new Map<string, FeatureSeries & { timestampsMs: number[]; values: number[] }>();
  let minT = Infinity;
  let maxT = -Infinity;
  table.rows.forEach((row, r) => {
    const t = parseFiniteNumber(row[0], file, r + 2, 'timestamp') * 1000;
    minT = Math.min(minT, t);
    maxT = Math.max(maxT, t);
    columns.forEach((feature, c) => {
      const cell = row[c + 2];
      if (cell === '') {
        return;
      }
      const key = `${feature}\u0000${row[1]}`;
      const s = byKey.get(key) ?? { feature, instance: row[1], timestampsMs: [] as number[], values: [] as number[] };
      s.timestampsMs.push(t);
      s.values.push(parseFiniteNumber(cell, file, r + 2, feature));
      byKey.set(key, s);
    });
  });
  const stepMs = meta.stepSeconds * 1000;
  const startMs = range?.startMs ?? Math.ceil(minT / stepMs) * stepMs;
  const endMs = range?.endMs ?? maxT;
  return alignHosts([...byKey.values()], names, { startMs, endMs, stepMs, maxFillSteps: meta.maxFillSteps });
}
