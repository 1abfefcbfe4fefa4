/**
 * Scoring throughput of the Isolation Forest: 100 trees, ψ = 256, 14 features.
 * Run: npx tsx src/model/iforest/bench.ts
 */
import { createRandom } from '../random';
import { scoreBatch, trainIsolationForest } from '.';

const F = 14;
const rng = createRandom(2024);
const normal = () => Math.sqrt(-2 * Math.log(1 - rng.float())) * Math.cos(2 * Math.PI * rng.float());
const training = Array.from({ length: 10_000 }, () => Float64Array.from({ length: F }, normal));
const forest = trainIsolationForest(training, { trees: 100, sampleSize: 256, seed: 1 });

const n = 200_000;
const flat = Float64Array.from({ length: n * F }, normal);
const rows = Array.from({ length: n }, (_, r) => flat.subarray(r * F, r * F + F));

function rowsPerSecond(score: () => Float64Array): number {
  score(); // warm-up (JIT, packing the trees)
  const start = process.hrtime.bigint();
  const reps = 3;
  for (let k = 0; k < reps; k++) {
    score();
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return (reps * n) / seconds;
}

const fmt = (v: number) => Math.round(v).toLocaleString('en-US');
console.log(`Isolation Forest scoring, 100 trees, ψ = 256, ${F} features, ${fmt(n)} rows, Node ${process.version}`);
console.log(`  flat Float64Array:      ${fmt(rowsPerSecond(() => scoreBatch(forest, flat)))} rows/s`);
console.log(`  array of Float64Array:  ${fmt(rowsPerSecond(() => scoreBatch(forest, rows)))} rows/s`);
