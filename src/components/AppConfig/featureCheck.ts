/**
 * "Test features": each feature's template rendered for the host selector, run as an instant
 * query on the chosen Prometheus datasource, and summed up as how many hosts it resolves.
 */
import { DEFAULT_RATE_WINDOW, MODEL_FEATURES, renderTemplate } from './featureQueries';
import { QueryResult, runInstantQuery } from './grafanaApi';

export type FeatureCheck =
  | { kind: 'ok'; hosts: string[] }
  | { kind: 'noData' }
  /** Series came back, but without the instance label the model keys hosts by. */
  | { kind: 'noInstance'; series: number }
  | { kind: 'error'; message: string };

/** Hosts (instance label values) of the series in an instant query's result that hold a value. */
export function summariseInstantResult(result: QueryResult): FeatureCheck {
  const hosts = new Set<string>();
  let unlabelled = 0;
  for (const frame of result.frames ?? []) {
    const fields = frame.schema?.fields ?? [];
    const values = frame.data?.values ?? [];
    fields.forEach((field, i) => {
      const column = values[i] ?? [];
      const hasValue = column.some((v) => typeof v === 'number' && Number.isFinite(v));
      const isTime = field.type === 'time' || (field.type === undefined && /^time$/i.test(field.name ?? ''));
      if (isTime || !hasValue) {
        return;
      }
      const instance = field.labels?.instance;
      if (instance) {
        hosts.add(instance);
      } else {
        unlabelled++;
      }
    });
  }
  if (hosts.size > 0) {
    return { kind: 'ok', hosts: [...hosts].sort() };
  }
  return unlabelled > 0 ? { kind: 'noInstance', series: unlabelled } : { kind: 'noData' };
}

export interface FeatureCheckRequest {
  prometheusUid: string;
  hostSelector: string;
  templates: Record<string, string>;
  rateWindow?: string;
}

/** Every feature checked at once (one query each, so one failing query does not hide the others). */
export async function checkFeatures({
  prometheusUid,
  hostSelector,
  templates,
  rateWindow = DEFAULT_RATE_WINDOW,
}: FeatureCheckRequest): Promise<Record<string, FeatureCheck>> {
  const entries = await Promise.all(
    MODEL_FEATURES.map(async (f): Promise<[string, FeatureCheck]> => {
      let expr: string;
      try {
        expr = renderTemplate(f.name, templates[f.name] ?? f.promql, hostSelector, rateWindow);
      } catch (err) {
        return [f.name, { kind: 'error', message: (err as Error).message }];
      }
      try {
        return [f.name, summariseInstantResult(await runInstantQuery(prometheusUid, f.name, expr))];
      } catch (err) {
        return [f.name, { kind: 'error', message: (err as Error).message }];
      }
    })
  );
  return Object.fromEntries(entries);
}

/** What the feature table shows for a check. */
export function describeFeatureCheck(check: FeatureCheck, hostSelector: string): string {
  switch (check.kind) {
    case 'ok':
      return `resolves (${check.hosts.length} ${check.hosts.length === 1 ? 'host' : 'hosts'}: ${abbreviate(check.hosts)})`;
    case 'noData':
      return `no data for ${hostSelector}`;
    case 'noInstance':
      return `${check.series} series without an instance label; keep "by (instance)" so the model gets one series per host`;
    case 'error':
      return `error: ${check.message}`;
  }
}

function abbreviate(hosts: string[]): string {
  const shown = hosts.slice(0, 3).join(', ');
  return hosts.length > 3 ? `${shown}, … ${hosts.length - 3} more` : shown;
}
