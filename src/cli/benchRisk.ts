/**
 * Scoring speed of the TypeScript runtime (tfjs) on the same work as the Go benchmarks: the shipped
 * model (models/default), N hosts × 1 h at 15 s plus the warm-up, and the same values:
 *   --data waves (BenchmarkRisk1000HostsOneHour): smooth synthetic waves, each feature with a failure
 *     limit kept below it;
 *   --data fleet (BenchmarkRiskScenarioFleet): windows of a scenario fleet (benchFleet.ts), a
 *     typical fleet; --write-fleet DIR writes them for the Go benchmark and exits.
 * Prints one JSON line for scripts/bench.
 * The scoring runs --repeat times (default 3) after a warm-up and the median run is reported: one
 * run on a shared machine swings by ±20 %.
 * With --workers N > 1 (default: the cores Node sees) the same runs go through RiskWorkerPool too,
 * as the CLI scores large fleets; its figure is printed beside the one-thread figure (the Go
 * benchmark also uses every core).
 *   tsx src/cli/benchRisk.ts [--hosts 1000] [--data waves|fleet] [--backend wasm|cpu] [--repeat 3] [--workers N]
 *                            [--model DIR] [--write-fleet DIR]
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
import { BenchFleetShape, benchFleet, writeBenchFleet } from './benchFleet';
import { defaultWorkerCount, RiskWorkerPool } from './riskWorkerPool';

async function main() {
  const { values } = parseArgs({
    options: {
      hosts: { type: 'string', default: '1000' },
      backend: { type: 'string', default: 'wasm' },
      repeat: { type: 'string', default: '3' },
      workers: { type: 'string', default: String(defaultWorkerCount()) },
      model: { type: 'string', default: path.resolve(__dirname, '../../models/default') },
      data: { type: 'string', default: 'waves' },
      'write-fleet': { type: 'string' },
    },
  });
  if (values.data !== 'waves' && values.data !== 'fleet') {
    throw new Error(`--data must be waves or fleet, got ${values.data}`);
  }
  const repeat = Math.max(1, Number(values.repeat));
  const backend = await selectNodeBackend(values.backend === 'cpu' ? 'cpu' : 'wasm');
  const modelDir = path.resolve(values.model);
  const artifact = await loadArtifactDir(modelDir);
  const riskModel = riskModelFromArtifact(artifact, rowScorerKit);
  const { meta } = riskModel;
  const stepMs = meta.stepSeconds * 1000;
  const startMs = 1767225600000;
  const endMs = startMs + 3600_000 - stepMs;
  const plan = planChunks(
    { stepMs, chunkSteps: meta.streaming.chunkSteps, warmupSteps: meta.streaming.warmupSteps },
    startMs,
    endMs
  );
  const T = Math.round((endMs - plan.fetchStartMs) / stepMs) + 1;
  const fleetShape = {
    hosts: Number(values.hosts),
    steps: T,
    stepMs,
    gridStartMs: plan.fetchStartMs,
    features: meta.features.map((f) => f.name),
  };
  if (values['write-fleet']) {
    await writeBenchFleet(path.resolve(values['write-fleet']), fleetShape, benchFleet(fleetShape));
    return;
  }
  const hosts =
    values.data === 'fleet'
      ? benchFleet(fleetShape)
      : waves(
          fleetShape,
          meta.features.map((f) => f.failureLimit)
        );
  // Risk as the backend's risk queries and the panel compute it: parts nothing reads are skipped.
  const options = { skipUnusedParts: true };
  scoreHosts(riskModel, hosts.slice(0, 4), startMs, endMs, options); // warm up tfjs kernels
  const hostSteps = hosts.length * (Math.round((endMs - startMs) / stepMs) + 1);
  const single = await timed(repeat, hostSteps, async () => scoreHosts(riskModel, hosts, startMs, endMs, options));
  const workers = Number(values.workers);
  let pooled: Timing | undefined;
  if (workers > 1) {
    const pool = await RiskWorkerPool.start(modelDir, workers);
    try {
      await pool.score(hosts.slice(0, 4 * workers), startMs, endMs, options); // warm up each worker's kernels
      pooled = await timed(repeat, hostSteps, () => pool.score(hosts, startMs, endMs, options));
    } finally {
      await pool.close();
    }
  }
  console.log(
    JSON.stringify({
      runtime: `TypeScript (tfjs ${backend})`,
      data: values.data,
      hosts: hosts.length,
      hostSteps,
      ...single,
      ...(pooled ? { workers: { count: workers, ...pooled } } : {}),
    })
  );
}

/**
 * The Go benchmark's smooth synthetic values (benchHosts and waveValue in engine_bench_test.go):
 * 0.1–0.7, or 5–65 % of a feature's failure limit, so that no host reads as failing (a failure
 * head's risk is 1 there, a shortcut the benchmark should not measure).
 */
function waves(shape: BenchFleetShape, limits: Array<number | undefined>): HostFeatureMatrix[] {
  const { steps: T } = shape;
  const F = limits.length;
  return Array.from({ length: shape.hosts }, (_, h) => {
    const v = new Float64Array(T * F);
    for (let t = 0; t < T; t++) {
      for (let f = 0; f < F; f++) {
        const wave = 0.4 + 0.3 * Math.sin((t + h) * 0.05 + f);
        const limit = limits[f];
        v[t * F + f] = limit === undefined ? wave : limit * (wave - 0.05);
      }
    }
    return {
      instance: `h${h}`,
      features: shape.features,
      timestampsMs: Float64Array.from({ length: T }, (_, t) => shape.gridStartMs + t * shape.stepMs),
      values: v,
      missing: new Uint8Array(T * F),
    };
  });
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
