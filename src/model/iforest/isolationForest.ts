/**
 * Isolation Forest (Liu, Ting & Zhou 2008), trained as scikit-learn's IsolationForest does, from a seed.
 *
 * TRAINING (TypeScript only; reproducible from `seed` with ../random.ts):
 *   ψ = min(sampleSize, number of rows); maxDepth defaults to ceil(log2(max(ψ, 2))).
 *   One SeededRandom(seed) for the whole forest. For tree t = 0 .. trees-1:
 *     sample = rng.sampleWithoutReplacement(rows, ψ); grow(root = sample, depth 0), depth-first,
 *     left subtree before right. Node ids are assigned in that pre-order (root 0, left child = id + 1).
 *   grow(node with samples S at depth d):
 *     leaf if d >= maxDepth, or |S| <= 1, or no feature varies in S (max == min for every feature);
 *     otherwise V = features with max > min over S, in increasing index order;
 *       f = V[rng.int(0, |V|)]; u = rng.float(); lo, hi = min, max of feature f over S;
 *       threshold = lo + u * (hi - lo); if !(threshold < hi) then threshold = lo;
 *       left = {x in S : x[f] <= threshold}, right = {x in S : x[f] > threshold} (both non-empty).
 *   Differences from scikit-learn, on purpose: float64 throughout (sklearn casts X to float32), and a
 *   feature counts as constant only when max == min exactly (sklearn: max <= min + 1e-7). Its RNG differs,
 *   so trees are never identical — the reference test compares score distributions instead.
 *
 * SCORING (both runtimes; everything IEEE-754 float64, operations in exactly this order):
 *   c(n) = 0 for n <= 1; 1 for n = 2; otherwise 2 * (ln(n - 1) + γ) - (2 * (n - 1)) / n,
 *          γ = 0.5772156649015329 (as sklearn's _average_path_length).
 *   Per tree: node = 0, depth = 0; while feature[node] >= 0:
 *             node = (x[feature[node]] <= threshold[node]) ? left[node] : right[node]; depth = depth + 1.
 *             h_t(x) = depth + c(size[node])   (one float64 addition; may be precomputed per leaf).
 *   S = 0; for t = 0 .. T-1 in tree order: S = S + h_t(x).   E = S / T.
 *   score s(x) = 2^(-(E / c(ψ))), ψ = `sampleSize` as stored, in (0, 1]; higher = more anomalous.
 *   scikit-learn's score_samples convention is -s(x).
 *   Every scored value must be finite; the pipeline masks missing values before this.
 *
 * SERIALISED FORM (toJSON / fromJSON, plain JSON), see ./serialise.ts for the checks:
 *   { kind: "isolation-forest", version: 1, features, sampleSize: ψ, maxDepth, seed,
 *     trees: [{ feature: int[], threshold: number[], left: int[], right: int[], size: int[] }] }
 *   Per node: feature (-1 for a leaf), threshold (0 for a leaf), left/right child ids (-1 for a leaf),
 *   size = training samples that reached the node (so size[i] = size[left] + size[right], root = ψ).
 */
import { createRandom } from '../random';
import { IsolationForestInputError, IsolationForestOptionsError } from './errors';

export const EULER_GAMMA = 0.5772156649015329;

export interface IsolationTree {
  feature: Int32Array;
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  size: Int32Array;
}

export interface IsolationForest {
  kind: 'isolation-forest';
  /** Row width the forest was trained on; scoring refuses any other. */
  features: number;
  /** ψ, the per-tree sample size actually used (normalises the score through c(ψ)). */
  sampleSize: number;
  maxDepth: number;
  /** Training seed (provenance only; scoring draws nothing). Null for forests imported from elsewhere. */
  seed: number | null;
  trees: IsolationTree[];
}

export interface IsolationForestOptions {
  /** Number of trees (default 100). */
  trees?: number;
  /** Rows per tree, ψ (default 256; capped at the number of rows). */
  sampleSize?: number;
  /** Seed for ../random.ts; required so that training is reproducible. */
  seed: number;
  /** Depth limit (default ceil(log2(ψ))). */
  maxDepth?: number;
}

/** c(n): average path length of an unsuccessful binary-search-tree lookup among n points. */
export function averagePathLength(n: number): number {
  if (n <= 1) {
    return 0;
  }
  if (n === 2) {
    return 1;
  }
  return 2 * (Math.log(n - 1) + EULER_GAMMA) - (2 * (n - 1)) / n;
}

/** Validates rows and copies them into one row-major Float64Array (n × F). */
export function toMatrix(rows: ReadonlyArray<ArrayLike<number>>, features: number, purpose: string): Float64Array {
  const n = rows.length;
  const out = new Float64Array(n * features);
  for (let r = 0; r < n; r++) {
    const row = rows[r];
    if (row == null || row.length !== features) {
      throw new IsolationForestInputError(
        `${purpose}: row ${r} has ${row == null ? 'no' : row.length} values, expected ${features} features`,
        r
      );
    }
    for (let f = 0; f < features; f++) {
      const v = row[f];
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new IsolationForestInputError(
          `${purpose}: row ${r}, column ${f} is ${String(v)}; the Isolation Forest takes finite values only — ` +
            'mask or impute missing values and drop infinite ones before this step',
          r,
          f
        );
      }
      out[r * features + f] = v;
    }
  }
  return out;
}

function checkInteger(name: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new IsolationForestOptionsError(`${name} must be an integer in [${min}, ${max}], got ${value}`);
  }
  return value;
}

export function trainIsolationForest(
  rows: ReadonlyArray<ArrayLike<number>>,
  options: IsolationForestOptions
): IsolationForest {
  const treeCount = checkInteger('trees', options.trees ?? 100, 1, 100000);
  const requestedSample = checkInteger('sampleSize', options.sampleSize ?? 256, 2, 0x7fffffff);
  if (options.seed === undefined) {
    throw new IsolationForestOptionsError('seed is required: training must be reproducible');
  }
  const seed = checkInteger('seed', options.seed, 0);
  if (!Array.isArray(rows) || rows.length < 2) {
    throw new IsolationForestInputError(
      `training needs at least 2 rows, got ${Array.isArray(rows) ? rows.length : typeof rows}`
    );
  }
  const F = rows[0]?.length ?? 0;
  if (!(F >= 1)) {
    throw new IsolationForestInputError('training: row 0 has no features', 0);
  }
  const X = toMatrix(rows, F, 'training');
  const n = rows.length;
  const psi = Math.min(requestedSample, n);
  const maxDepth = checkInteger('maxDepth', options.maxDepth ?? Math.ceil(Math.log2(Math.max(psi, 2))), 0, 1000);

  const rng = createRandom(seed);
  const lo = new Float64Array(F);
  const hi = new Float64Array(F);
  const varying = new Int32Array(F);
  const trees: IsolationTree[] = [];

  for (let t = 0; t < treeCount; t++) {
    const idx = rng.sampleWithoutReplacement(n, psi);
    const feature: number[] = [];
    const threshold: number[] = [];
    const left: number[] = [];
    const right: number[] = [];
    const size: number[] = [];

    // Samples of a node are idx[start, end); children partition that range in place.
    const grow = (start: number, end: number, depth: number): number => {
      const id = feature.length;
      const count = end - start;
      feature.push(-1);
      threshold.push(0);
      left.push(-1);
      right.push(-1);
      size.push(count);
      if (depth >= maxDepth || count <= 1) {
        return id;
      }
      lo.fill(Infinity);
      hi.fill(-Infinity);
      for (let k = start; k < end; k++) {
        const base = idx[k] * F;
        for (let f = 0; f < F; f++) {
          const v = X[base + f];
          if (v < lo[f]) {
            lo[f] = v;
          }
          if (v > hi[f]) {
            hi[f] = v;
          }
        }
      }
      let nVarying = 0;
      for (let f = 0; f < F; f++) {
        if (hi[f] > lo[f]) {
          varying[nVarying++] = f;
        }
      }
      if (nVarying === 0) {
        return id;
      }
      const f = varying[rng.int(0, nVarying)];
      const u = rng.float();
      let thr = lo[f] + u * (hi[f] - lo[f]);
      if (!(thr < hi[f])) {
        thr = lo[f];
      }
      // Partition: x[f] <= thr to the front.
      let i = start;
      let j = end - 1;
      while (i <= j) {
        if (X[idx[i] * F + f] <= thr) {
          i++;
        } else {
          const tmp = idx[i];
          idx[i] = idx[j];
          idx[j] = tmp;
          j--;
        }
      }
      feature[id] = f;
      threshold[id] = thr;
      left[id] = grow(start, i, depth + 1);
      right[id] = grow(i, end, depth + 1);
      return id;
    };
    grow(0, psi, 0);
    trees.push({
      feature: Int32Array.from(feature),
      threshold: Float64Array.from(threshold),
      left: Int32Array.from(left),
      right: Int32Array.from(right),
      size: Int32Array.from(size),
    });
  }
  return { kind: 'isolation-forest', features: F, sampleSize: psi, maxDepth, seed, trees };
}
