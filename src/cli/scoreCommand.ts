/**
 * sentinel score — risk series for hosts, from a model and either a Prometheus-compatible server
 * or our feature CSV. Writes CSV (timestamp, instance, risk, components, top contributions) or
 * JSON, to stdout or --out.
 *
 *   sentinel score --model models/default --prometheus http://127.0.0.1:19090 \
 *     --selector 'job="node"' --start 2026-01-01T00:00:00Z --end 2026-01-01T06:00:00Z [--json] [--out file]
 *   sentinel score --model models/default --csv features.csv [--start …] [--end …]
 *   [--workers N]: threads to score on (default: every core once the run holds 100,000 host-steps;
 *   1 scores in this thread)
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadArtifactDir } from '../model/artifact/artifactDir';
import { HostFeatureMatrix } from '../model/features/alignSeries';
import { FeatureInputError } from '../model/features/errors';
import { riskModelFromArtifact } from '../model/loadRiskModel';
import { planChunks } from '../model/lstm/streamingPlan';
import { COMPONENTS } from '../model/risk/componentScores';
import { RiskResult, scoreHosts } from '../model/risk/riskEngine';
import { rowScorerKit } from '../model/scorers/kit';
import { selectNodeBackend } from '../model/tfBackend';
import { hostsFromFeatureCsv, hostsFromPrometheus } from './featureSources';
import { defaultWorkerCount, RiskWorkerPool } from './riskWorkerPool';

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
      workers: { type: 'string' },
    },
  });
  const workers = values.workers === undefined ? undefined : Number(values.workers);
  if (workers !== undefined && !(Number.isInteger(workers) && workers >= 1)) {
    throw new FeatureInputError(`--workers "${values.workers}" is not a whole number ≥ 1`);
  }
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
  const scoredSteps = Math.round((endMs - startMs) / stepMs) + 1;
  const threads = Math.min(
    workers ?? (hosts.length * scoredSteps >= POOL_MIN_HOST_STEPS ? defaultWorkerCount() : 1),
    hosts.length
  );
  const { result, on } =
    threads > 1
      ? await scoreInPool(values.model!, threads, hosts, startMs, endMs)
      : { result: scoreHosts(riskModel, hosts, startMs, endMs, { contributions: true }), on: `tfjs ${backend}` };
  const text = values.json ? JSON.stringify(toJson(result, meta.version, artifact.contentHash)) : toCsv(result);
  if (values.out) {
    fs.writeFileSync(values.out, text);
  } else {
    process.stdout.write(text);
  }
  const hostSteps = result.hosts.length * result.timestampsMs.length;
  const seconds = (Date.now() - started) / 1000;
  console.error(
    `scored ${result.hosts.length} host(s) × ${result.timestampsMs.length} steps with ${meta.version} on ${on} in ${seconds.toFixed(1)} s (${Math.round(hostSteps / seconds)} host-steps/s incl. loading)`
  );
}

/** Below this many host-steps a pool's start-up (each thread loads tfjs and the model) costs more than it saves. */
const POOL_MIN_HOST_STEPS = 100_000;

async function scoreInPool(
  modelDir: string,
  threads: number,
  hosts: HostFeatureMatrix[],
  startMs: number,
  endMs: number
): Promise<{ result: RiskResult; on: string }> {
  const pool = await RiskWorkerPool.start(modelDir, threads);
  try {
    return {
      result: await pool.score(hosts, startMs, endMs, { contributions: true }),
      on: `${pool.size} threads of tfjs ${pool.backend}`,
    };
  } finally {
    await pool.close();
  }
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
    throw new FeatureInputError(
      `the range holds ${Math.round(spanMs / stepMs)} steps per host; score at most ${MAX_SCORED_STEPS} at a time`
    );
  }
}

function toCsv(result: RiskResult): string {
  const lines = [`timestamp,instance,risk,${COMPONENTS.join(',')},top_contributions`];
  for (const host of result.hosts) {
    result.timestampsMs.forEach((t, s) => {
      const parts = Array.from(host.components.subarray(s * 4, s * 4 + 4), (v) => v.toPrecision(6));
      const top = (host.contributions?.[s] ?? []).map((c) => `${c.feature}:${c.share.toFixed(3)}`).join(' ');
      lines.push(
        `${new Date(t).toISOString()},${host.instance},${host.risk[s].toPrecision(6)},${parts.join(',')},${top}`
      );
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
      components: Object.fromEntries(
        COMPONENTS.map((name, i) => [name, Array.from(result.timestampsMs, (_, s) => h.components[s * 4 + i])])
      ),
      contributions: h.contributions,
      episodes: h.episodes.map((e) => ({
        ...e,
        firedMs: result.timestampsMs[e.firedIndex],
        endMs: result.timestampsMs[e.endIndex],
      })),
    })),
  };
}
