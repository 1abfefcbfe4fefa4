/**
 * Scoring speed of the TypeScript runtime (tfjs) on the same work as the Go benchmark
 * BenchmarkRisk1000HostsOneHour: the shipped model (models/default), N hosts × 1 h at 15 s plus the warm-up,
 * the same synthetic values. Prints one JSON line for scripts/bench.
 * The scoring runs --repeat times (default 3) after a warm-up and the median run is reported: one
 * run on a shared machine swings by ±20 %.
 * With --workers N > 1 (default: the cores Node sees) the same runs go through RiskWorkerPool too,
 * as the CLI scores large fleets; its figure is printed beside the one-thread figure (the Go
 * benchmark also uses every core).
 *   tsx src/cli/benchRisk.ts [--hosts 1000] [--backend wasm|cpu] [--repeat 3] [--workers N] [--model DIR]
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadArtifactDir } from '../model/artifact/artifactDir';
import { HostFeatureMatrix } from '../model/features/alignSeries';
import { riskModelFromArtifact } from '../model/loadRiskModel';
import { planChunks } from '../model/lstm/streamingPlan';
import { RiskResult, scoreHosts } from '../model/risk/riskEngine';
import { rowScorerKit } from '../model/scorers/kit';
import { selectNodeBackend } from '../model/tfBackend';
import { defaultWorkerCount, RiskWorkerPool } from './riskWorkerPool';

async function main() {
  const { values } = parseArgs({
    options: {
      hosts: { type: 'string', default: '1000' },
      backend: { type: 'string', default: 'wasm' },
      repeat: { type: 'string', default: '3' },
      workers: { type: 'string', default: String(defaultWorkerCount()) },
      model: { type: 'string', default: path.resolve(__dirname, '../../models/default') },
    },
  });
  const repeat = Math.max(1, Number(values.repeat));
  const backend = await selectNodeBackend(values.backend === 'cpu' ? 'cpu' : 'wasm');
  const modelDir = path.resolve(values.model);
  const artifact = await loadArtifactDir(modelDir);
  const riskModel = riskModelFromArtifact(artifact, rowScorerKit);
  const { meta } = riskModel;
  const F = meta.features.length;
  const stepMs = meta.stepSeconds * 1000;
  const startMs = 1767225600000;
  const endMs = startMs + 3600_000 - stepMs;
  const plan = planChunks(
    { stepMs, chunkSteps: meta.streaming.chunkSteps, warmupSteps: meta.streaming.warmupSteps },
    startMs,
    endMs
  );
  const T = Math.round((endMs - plan.fetchStartMs) / stepMs) + 1;
  const hosts: HostFeatureMatrix[] = Array.from({ length: Number(values.hosts) }, (_, h) => {
    const v = new Float64Array(T * F);
    for (let t = 0; t < T; t++) {
      for (let f = 0; f < F; f++) {
        v[t * F + f] = 0.4 + 0.3 * Math.sin((t + h) * 0.05 + f);
      }
    }
    return {
      instance: `h${h}`,
      features: meta.features.map((f) => f.name),
      timestampsMs: Float64Array.from({ length: T }, (_, t) => plan.fetchStartMs + t * stepMs),
      values: v,
      missing: new Uint8Array(T * F),
    };
  });
  scoreHosts(riskModel, hosts.slice(0, 4), startMs, endMs); // warm up tfjs kernels
  const hostSteps = hosts.length * (Math.round((endMs - startMs) / stepMs) + 1);
  const single = await timed(repeat, hostSteps, async () => scoreHosts(riskModel, hosts, startMs, endMs));
  const workers = Number(values.workers);
  let pooled: Timing | undefined;
  if (workers > 1) {
    const pool = await RiskWorkerPool.start(modelDir, workers);
    try {
      await pool.score(hosts.slice(0, 4 * workers), startMs, endMs); // warm up each worker's kernels
      pooled = await timed(repeat, hostSteps, () => pool.score(hosts, startMs, endMs));
    } finally {
      await pool.close();
    }
  }
  console.log(
    JSON.stringify({
      runtime: `TypeScript (tfjs ${backend})`,
      hosts: hosts.length,
      hostSteps,
      ...single,
      ...(pooled ? { workers: { count: workers, ...pooled } } : {}),
    })
  );
}

interface Timing {
  /** Median run. */
  seconds: number;
  hostStepsPerSecond: number;
  runs: number[];
}

async function timed(repeat: number, hostSteps: number, score: () => Promise<RiskResult>): Promise<Timing> {
  const runs: number[] = [];
  for (let r = 0; r < repeat; r++) {
    const started = process.hrtime.bigint();
    const result = await score();
    runs.push(Number(process.hrtime.bigint() - started) / 1e9);
    if (result.hosts.length * result.timestampsMs.length !== hostSteps) {
      throw new Error(
        `scored ${result.hosts.length} × ${result.timestampsMs.length} host-steps, expected ${hostSteps}`
      );
    }
  }
  const seconds = [...runs].sort((a, b) => a - b)[Math.floor((runs.length - 1) / 2)];
  return { seconds, hostStepsPerSecond: hostSteps / seconds, runs };
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
