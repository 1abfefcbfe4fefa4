/**
 * Isolation Forest scoring; the formula and its float64 order of operations are specified in
 * ./isolationForest.ts (SCORING). All trees are packed once into flat typed arrays so the hot loop
 * is a few array reads per visited node.
 */
import { IsolationForestInputError } from './errors';
import { averagePathLength, IsolationForest } from './isolationForest';

/**
 * All trees in one set of flat arrays, each tree's nodes in depth-first pre-order (left subtree
 * first), so a node's left child is the next node and only the right child needs an index.
 */
interface PackedForest {
  roots: Int32Array;
  /** Split feature, or -1 for a leaf. */
  feature: Int32Array;
  /** Split threshold for internal nodes; depth(leaf) + c(size(leaf)) for leaves. */
  value: Float64Array;
  right: Int32Array;
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
    value: new Float64Array(total),
    right: new Int32Array(total),
    normaliser: averagePathLength(forest.sampleSize),
  };
  let next = 0;
  forest.trees.forEach((tree, t) => {
    p.roots[t] = next;
    // Renumbered in pre-order whatever order the tree came in (training writes pre-order already;
    // fromJSON checks one parent per node and children after parents, so this visits each node once).
    const visit = (i: number, depth: number): void => {
      const g = next++;
      p.feature[g] = tree.feature[i];
      if (tree.feature[i] >= 0) {
        p.value[g] = tree.threshold[i];
        visit(tree.left[i], depth + 1);
        p.right[g] = next;
        visit(tree.right[i], depth + 1);
      } else {
        p.right[g] = -1;
        p.value[g] = depth + averagePathLength(tree.size[i]);
      }
    };
    visit(0, 0);
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
const BLOCK = 64;

/**
 * How many groups of four may part on their way down one tree before the block's other rows are
 * walked one by one: on noisy rows, where groups part near the root, walking together only adds work.
 */
const GROUP_PARTS = 2;

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

/** Path length h_t of the row at x[base ..] from node i down (value of the leaf reached). */
function walk(p: PackedForest, i: number, x: ArrayLike<number>, base: number): number {
  const { feature, value, right } = p;
  let f = feature[i];
  while (f >= 0) {
    i = x[base + f] <= value[i] ? i + 1 : right[i];
    f = feature[i];
  }
  return value[i];
}

/**
 * Takes the four rows at x[base ..] (F values each) down from node i while they go the same way;
 * returns the leaf they reach or the split where they part.
 */
function walkTogether(p: PackedForest, i: number, x: ArrayLike<number>, base: number, F: number): number {
  const { feature, value, right } = p;
  for (;;) {
    const f = feature[i];
    if (f < 0) {
      return i;
    }
    const v = value[i];
    const c = base + f;
    const a = x[c] <= v;
    if (a !== x[c + F] <= v || a !== x[c + 2 * F] <= v || a !== x[c + 3 * F] <= v) {
      return i;
    }
    i = a ? i + 1 : right[i];
  }
}

/**
 * E[h(x)] per row: the mean path length over trees (SCORING in ./isolationForest.ts). A block of rows
 * goes through one tree before the next (each row still sums its trees in order 0 .. T-1), and four
 * neighbouring rows walk a tree together while they agree: rows of one host's series mostly take the
 * same path, so one walk with well-predicted branches does the work of four.
 */
export function meanPathLengthBatch(forest: IsolationForest, rows: ScoringRows): Float64Array {
  const p = pack(forest);
  const F = forest.features;
  const T = p.roots.length;
  const x = toFlat(forest, rows);
  const n = x.length / F;
  const out = new Float64Array(n);
  const { roots, feature, value } = p;
  for (let start = 0; start < n; start += BLOCK) {
    const end = Math.min(n, start + BLOCK);
    for (let t = 0; t < T; t++) {
      const root = roots[t];
      let r = start;
      for (let parts = 0; r + 4 <= end && parts < GROUP_PARTS; r += 4) {
        const base = r * F;
        const i = walkTogether(p, root, x, base, F);
        if (feature[i] < 0) {
          const h = value[i];
          out[r] += h;
          out[r + 1] += h;
          out[r + 2] += h;
          out[r + 3] += h;
          continue;
        }
        parts++;
        out[r] += walk(p, i, x, base);
        out[r + 1] += walk(p, i, x, base + F);
        out[r + 2] += walk(p, i, x, base + 2 * F);
        out[r + 3] += walk(p, i, x, base + 3 * F);
      }
      for (; r < end; r++) {
        out[r] += walk(p, root, x, r * F);
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
    throw new IsolationForestInputError(
      `scoring: row 0 has ${row == null ? 'no' : row.length} values; the forest was trained on ${F} features`,
      0
    );
  }
  for (let f = 0; f < F; f++) {
    checkValue(row[f], 0, f);
  }
  const T = p.roots.length;
  let sum = 0;
  for (let t = 0; t < T; t++) {
    sum += walk(p, p.roots[t], row, 0);
  }
  return Math.pow(2, -(sum / T / p.normaliser));
}
