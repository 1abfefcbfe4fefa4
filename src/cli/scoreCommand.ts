/**
 * sentinel score — risk series for hosts, from a model and either a Prometheus-compatible server
 * or our feature CSV. Writes CSV (timestamp, instance, risk, components, top contributions) or
 * JSON, to stdout or --out.
 *
 *   sentinel score --model models/default --prometheus http://127.0.0.1:19090 \
 *     --selector 'job="node"' --start 2026-01-01T00:00:00Z --end 2026-01-01T06:00:00Z [--json] [--out file]
 *   sentinel score --model models/default --csv features.csv [--start …] [--end …]
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadArtifactDir } from '../model/artifact/artifactDir';
import { FeatureInputError } from '../model/features/errors';
import { riskModelFromArtifact } from '../model/loadRiskModel';
import { planChunks } from '../model/lstm/streamingPlan';
import { COMPONENTS } from '../model/risk/componentScores';
import { RiskResult, scoreHosts } from '../model/risk/riskEngine';
import { rowScorerKit } from '../model/scorers/kit';
import { selectNodeBackend } from '../model/tfBackend';
import { hostsFromFeatureCsv, hostsFromPrometheus } from './featureSources';

const repoRoot = path.resolve(__dirname, '..', '..');

/** Refuse ranges that would take the CLI minutes and gigabytes by accident. */
const MAX_SCORED_STEPS = 1_000_000;

export async function scoreCommand(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      model: { type: 'string', default: path.join(repoRoot, 'models', 'default') },
      prometheus: { type: 'string' },
      selector: { type: 'string', default: 'instance=~".+"' },
      csv: { type: 'string' },
      start: { type: 'string' },
      end: { type: 'string' },
      json: { type: 'boolean', default: false },
      out: { type: 'string' },
    },
  });
  if (Boolean(values.prometheus) === Boolean(values.csv)) {
    throw new FeatureInputError('give exactly one of --prometheus URL or --csv FILE');
  }
  const started = Date.now();
  const backend = await selectNodeBackend('wasm');
  const artifact = await loadArtifactDir(values.model!);
  const riskModel = riskModelFromArtifact(artifact, rowScorerKit);
  const { meta } = riskModel;
  const stepMs = meta.stepSeconds * 1000;
  const rule = { stepMs, chunkSteps: meta.streaming.chunkSteps, warmupSteps: meta.streaming.warmupSteps };

  let startMs = values.start ? parseTime(values.start, '--start') : undefined;
  let endMs = values.end ? parseTime(values.end, '--end') : undefined;
  let hosts;
  if (values.prometheus) {
    if (startMs === undefined || endMs === undefined) {
      throw new FeatureInputError('--prometheus needs --start and --end (RFC 3339)');
    }
    const plan = planChunks(rule, startMs, endMs);
    checkSize(plan.lastScoredMs - plan.firstScoredMs, stepMs);
    hosts = await hostsFromPrometheus(meta, values.prometheus, values.selector!, plan.fetchStartMs, endMs);
  } else {
    hosts = hostsFromFeatureCsv(values.csv!, meta);
    const first = hosts[0]?.timestampsMs[0];
    const last = hosts[0]?.timestampsMs[hosts[0].timestampsMs.length - 1];
    if (first === undefined) {
      throw new FeatureInputError(`${values.csv} holds no rows`);
    }
    // Default range: everything after the first warm-up, so every point has its full history.
    startMs ??= first + meta.streaming.warmupSteps * stepMs;
    endMs ??= last;
    checkSize(endMs - startMs, stepMs);
  }
  const result = scoreHosts(riskModel, hosts, startMs, endMs, { contributions: true });
  const text = values.json ? JSON.stringify(toJson(result, meta.version, artifact.contentHash)) : toCsv(result);
  if (values.out) {
    fs.writeFileSync(values.out, text);
  } else {
    process.stdout.write(text);
  }
  const hostSteps = result.hosts.length * result.timestampsMs.length;
  const seconds = (Date.now() - started) / 1000;
  console.error(`scored ${result.hosts.length} host(s) × ${result.timestampsMs.length} steps with ${meta.version} on tfjs ${backend} in ${seconds.toFixed(1)} s (${Math.round(hostSteps / seconds)} host-steps/s incl. loading)`);
}

function parseTime(value: string, flag: string): number {
  const ms = Date.parse(value);
  if (!Number.isFinite(ms)) {
    throw new FeatureInputError(`${flag} "${value}" is not an RFC 3339 time`);
  }
  return ms;
}

function checkSize(spanMs: number, stepMs: number): void {
  if (spanMs / stepMs > MAX_SCORED_STEPS) {
    throw new FeatureInputError(`the range holds ${Math.round(spanMs / stepMs)} steps per host; score at most ${MAX_SCORED_STEPS} at a time`);
  }
}

function toCsv(result: RiskResult): string {
  const lines = [`timestamp,instance,risk,${COMPONENTS.join(',')},top_contributions`];
  for (const host of result.hosts) {
    result.timestampsMs.forEach((t, s) => {
      const parts = Array.from(host.components.subarray(s * 4, s * 4 + 4), (v) => v.toPrecision(6));
      const top = (host.contributions?.[s] ?? []).map((c) => `${c.feature}:${c.share.toFixed(3)}`).join(' ');
      lines.push(`${new Date(t).toISOString()},${host.instance},${host.risk[s].toPrecision(6)},${parts.join(',')},${top}`);
    });
  }
  return `${lines.join('\n')}\n`;
}

function toJson(result: RiskResult, version: string, contentHash: string) {
  return {
    model: { version, contentHash },
    timestampsMs: Array.from(result.timestampsMs),
    hosts: result.hosts.map((h) => ({
      instance: h.instance,
      risk: Array.from(h.risk),
      components: Object.fromEntries(COMPONENTS.map((name, i) => [name, Array.from(result.timestampsMs, (_, s) => h.components[s * 4 + i])])),
      contributions: h.contributions,
      episodes: h.episodes.map((e) => ({ ...e, firedMs: result.timestampsMs[e.firedIndex], endMs: result.timestampsMs[e.endIndex] })),
    })),
  };
}
