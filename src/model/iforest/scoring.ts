/**
 * Isolation Forest scoring; the formula and its float64 order of operations are specified in
 * ./isolationForest.ts (SCORING). All trees are packed once into flat typed arrays so the hot loop
 * is a few array reads per visited node.
 */
import { IsolationForestInputError } from './errors';
import { averagePathLength, IsolationForest } from './isolationForest';

interface PackedForest {
  roots: Int32Array;
  feature: Int32Array;
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  /** depth(leaf) + c(size(leaf)) for leaves, 0 for internal nodes. */
  leafPath: Float64Array;
  /** c(ψ). */
  normaliser: number;
}

const packed = new WeakMap<IsolationForest, PackedForest>();

function pack(forest: IsolationForest): PackedForest {
  const cached = packed.get(forest);
  if (cached) {
    return cached;
  }
  const total = forest.trees.reduce((s, t) => s + t.feature.length, 0);
  const p: PackedForest = {
    roots: new Int32Array(forest.trees.length),
    feature: new Int32Array(total),
    threshold: new Float64Array(total),
    left: new Int32Array(total),
    right: new Int32Array(total),
    leafPath: new Float64Array(total),
    normaliser: averagePathLength(forest.sampleSize),
  };
  let offset = 0;
  forest.trees.forEach((tree, t) => {
    const n = tree.feature.length;
    const depth = new Int32Array(n);
    p.roots[t] = offset;
    for (let i = 0; i < n; i++) {
      const g = offset + i;
      p.feature[g] = tree.feature[i];
      p.threshold[g] = tree.threshold[i];
      if (tree.feature[i] >= 0) {
        p.left[g] = offset + tree.left[i];
        p.right[g] = offset + tree.right[i];
        // Children always follow their parent (checked by fromJSON, true by construction in training).
        depth[tree.left[i]] = depth[i] + 1;
        depth[tree.right[i]] = depth[i] + 1;
      } else {
        p.left[g] = -1;
        p.right[g] = -1;
        p.leafPath[g] = depth[i] + averagePathLength(tree.size[i]);
      }
    }
    offset += n;
  });
  packed.set(forest, p);
  return p;
}

/** Rows as an array of rows, or one row-major Float64Array or Float32Array of n × features values. */
export type ScoringRows = ReadonlyArray<ArrayLike<number>> | Float64Array | Float32Array;

function isFlat(rows: ScoringRows): rows is Float64Array | Float32Array {
  return rows instanceof Float64Array || rows instanceof Float32Array;
}

function rowCount(forest: IsolationForest, rows: ScoringRows): number {
  if (isFlat(rows)) {
    if (rows.length % forest.features !== 0) {
      throw new IsolationForestInputError(
        `scoring: a flat matrix of ${rows.length} values is not a whole number of ${forest.features}-feature rows`
      );
    }
    return rows.length / forest.features;
  }
  return rows.length;
}

function checkValue(v: number, r: number, f: number): void {
  if (!Number.isFinite(v)) {
    throw new IsolationForestInputError(
      `scoring: row ${r}, column ${f} is ${String(v)}; missing values must be masked before the Isolation Forest`,
      r,
      f
    );
  }
}

/** Rows per block: a block's values (block × F float64) and one tree's nodes stay in cache together. */
const BLOCK = 256;

/**
 * Validated row-major copy of the rows (or the flat input itself once checked: a Float32Array's
 * values are read as the doubles they are, so scoring it equals scoring its Float64Array copy).
 */
function toFlat(forest: IsolationForest, rows: ScoringRows): Float64Array | Float32Array {
  const F = forest.features;
  const n = rowCount(forest, rows);
  if (isFlat(rows)) {
    for (let i = 0; i < rows.length; i++) {
      if (!Number.isFinite(rows[i])) {
        checkValue(rows[i], Math.floor(i / F), i % F);
      }
    }
    return rows;
  }
  const flat = new Float64Array(n * F);
  for (let r = 0; r < n; r++) {
    const row = rows[r];
    if (row == null || row.length !== F) {
      throw new IsolationForestInputError(
        `scoring: row ${r} has ${row == null ? 'no' : row.length} values; the forest was trained on ${F} features`,
        r
      );
    }
    for (let f = 0; f < F; f++) {
      const v = row[f];
      checkValue(v, r, f);
      flat[r * F + f] = v;
    }
  }
  return flat;
}

/**
 * E[h(x)] per row: the mean path length over trees (SCORING in ./isolationForest.ts). Loops run tree by
 * tree within a block of rows for cache locality; each row still sums its trees in order 0 .. T-1.
 */
export function meanPathLengthBatch(forest: IsolationForest, rows: ScoringRows): Float64Array {
  const p = pack(forest);
  const F = forest.features;
  const T = p.roots.length;
  const x = toFlat(forest, rows);
  const n = x.length / F;
  const out = new Float64Array(n);
  const { roots, feature, threshold, left, right, leafPath } = p;
  for (let start = 0; start < n; start += BLOCK) {
    const end = Math.min(n, start + BLOCK);
    for (let t = 0; t < T; t++) {
      const root = roots[t];
      for (let r = start; r < end; r++) {
        const base = r * F;
        let node = root;
        let f = feature[node];
        while (f >= 0) {
          node = x[base + f] <= threshold[node] ? left[node] : right[node];
          f = feature[node];
        }
        out[r] += leafPath[node];
      }
    }
    for (let r = start; r < end; r++) {
      out[r] = out[r] / T;
    }
  }
  return out;
}

/** The paper's anomaly score s = 2^(-E[h(x)] / c(ψ)) per row, in (0, 1]; higher = more anomalous. */
export function scoreBatch(forest: IsolationForest, rows: ScoringRows): Float64Array {
  const out = meanPathLengthBatch(forest, rows);
  const c = pack(forest).normaliser;
  for (let r = 0; r < out.length; r++) {
    out[r] = Math.pow(2, -(out[r] / c));
  }
  return out;
}

/** scikit-learn's `score_samples` convention: -s, so lower = more anomalous. */
export function scoreSamplesBatch(forest: IsolationForest, rows: ScoringRows): Float64Array {
  const out = scoreBatch(forest, rows);
  for (let r = 0; r < out.length; r++) {
    out[r] = -out[r];
  }
  return out;
}

/**
 * Score of one row, exactly as scoreBatch computes it (trees summed in order, then / T, then
 * 2^(-E/c)), without building a batch: the risk engine scores row by row, and the batch path's
 * per-call copy and checks cost more than the trees.
 */
export function scoreRow(forest: IsolationForest, row: ArrayLike<number>): number {
  const p = pack(forest);
  const F = forest.features;
  if (row == null || row.length !== F) {
    throw new IsolationForestInputError(`scoring: row 0 has ${row == null ? 'no' : row.length} values; the forest was trained on ${F} features`, 0);
  }
  for (let f = 0; f < F; f++) {
    checkValue(row[f], 0, f);
  }
  const { roots, feature, threshold, left, right, leafPath } = p;
  const T = roots.length;
  let sum = 0;
  for (let t = 0; t < T; t++) {
    let node = roots[t];
    let f = feature[node];
    while (f >= 0) {
      node = row[f] <= threshold[node] ? left[node] : right[node];
      f = feature[node];
    }
    sum += leafPath[node];
  }
  return Math.pow(2, -(sum / T / p.normaliser));
}
