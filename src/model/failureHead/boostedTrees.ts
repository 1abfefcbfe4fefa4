/**
 * Gradient-boosted regression trees for a binary label (log-loss), as the product's supervised
 * failure head uses them: the model is a sum of trees over a row's features, read as the log-odds
 * of "a failure comes within the label window". Scoring is plain tree walking, so the Go runtime
 * can hold the same trees and give the same number (see trainBoostedTrees.ts for how they are grown).
 *
 * A missing input (NaN) follows each split's `missingLeft` side, as it was learned in training.
 *
 * An optional early exit makes scoring a cascade: after the first `earlyExit.trees` trees, a row whose
 * log-odds is still below `earlyExit.belowLogit` stops there (that partial sum is its log-odds). Most
 * steps of a healthy fleet are such rows, so most rows walk a tenth of the trees; the exit is chosen
 * so that no row that could come near an alert is cut short (earlyExit.ts).
 */

import { compiledTrees } from './compiledTrees';

/** One tree, as parallel arrays over its nodes; node 0 is the root. A leaf has feature -1. */
export interface BoostedTree {
  /** Feature index tested at the node; -1 at a leaf. */
  feature: Int32Array;
  /** A row goes left when its value is <= threshold (a leaf's entry is unused, 0). */
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  /** Whether a missing (NaN) value goes left (1) or right (0). */
  missingLeft: Uint8Array;
  /** The leaf's contribution to the log-odds, learning rate included (0 at inner nodes). */
  value: Float64Array;
}

export interface EarlyExit {
  /** Trees summed before the check (1 … trees.length). */
  trees: number;
  /** A row whose log-odds after those trees is below this stops there. */
  belowLogit: number;
}

export interface BoostedTrees {
  /** Features a row must have, in order. */
  features: number;
  /** Log-odds before any tree: the training label's base rate. */
  bias: number;
  trees: BoostedTree[];
  earlyExit?: EarlyExit;
}

/** Thrown for a row the trees cannot score (wrong width). */
export class BoostedTreesInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BoostedTreesInputError';
  }
}

/**
 * Every tree's nodes in one set of arrays (children as absolute indices), walked row by row: a row's
 * inputs stay in cache while all trees read them, which a tree-by-tree pass over many rows would not.
 */
export interface PackedForest {
  features: number;
  bias: number;
  /** The early exit's tree count (every tree when there is none) and level (-Infinity when none). */
  exitAfter: number;
  exitBelow: number;
  roots: Int32Array;
  feature: Int32Array;
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  missingLeft: Uint8Array;
  value: Float64Array;
}

const packed = new WeakMap<BoostedTrees, PackedForest>();

/** The model's packed form, built once per model. */
export function packForest(model: BoostedTrees): PackedForest {
  const cached = packed.get(model);
  if (cached) {
    return cached;
  }
  const total = model.trees.reduce((n, t) => n + t.feature.length, 0);
  const p: PackedForest = {
    features: model.features,
    bias: model.bias,
    exitAfter: model.earlyExit?.trees ?? model.trees.length,
    exitBelow: model.earlyExit?.belowLogit ?? -Infinity,
    roots: new Int32Array(model.trees.length),
    feature: new Int32Array(total),
    threshold: new Float64Array(total),
    left: new Int32Array(total),
    right: new Int32Array(total),
    missingLeft: new Uint8Array(total),
    value: new Float64Array(total),
  };
  let base = 0;
  model.trees.forEach((tree, t) => {
    p.roots[t] = base;
    for (let i = 0; i < tree.feature.length; i++) {
      p.feature[base + i] = tree.feature[i];
      p.threshold[base + i] = tree.threshold[i];
      p.left[base + i] = base + tree.left[i];
      p.right[base + i] = base + tree.right[i];
      p.missingLeft[base + i] = tree.missingLeft[i];
      p.value[base + i] = tree.value[i];
    }
    base += tree.feature.length;
  });
  packed.set(model, p);
  return p;
}

function packedLogit(p: PackedForest, row: ArrayLike<number>, offset: number): number {
  const logit = treeSum(p, row, offset, p.bias, 0, p.exitAfter);
  return logit < p.exitBelow ? logit : treeSum(p, row, offset, logit, p.exitAfter, p.roots.length);
}

/** `logit` plus trees [from, to) for one row. */
function treeSum(
  p: PackedForest,
  row: ArrayLike<number>,
  offset: number,
  logit: number,
  from: number,
  to: number
): number {
  const { roots, feature, threshold, left, right, missingLeft, value } = p;
  // Summed tree by tree in order, as the Go runtime sums: the same float64 result.
  for (let t = from; t < to; t++) {
    let node = roots[t];
    let f = feature[node];
    while (f >= 0) {
      node = child(threshold, left, right, missingLeft, node, row[offset + f]);
      f = feature[node];
    }
    logit += value[node];
  }
  return logit;
}

/**
 * Every row's log-odds after each of the first `checkpoints[c]` trees (ascending), ignoring any early
 * exit: what choosing one needs. out[c][i] is row i's sum at checkpoint c.
 */
export function checkpointLogits(model: BoostedTrees, rows: Float64Array, checkpoints: number[]): Float64Array[] {
  const F = model.features;
  const p = packForest({ ...model, earlyExit: undefined });
  const n = rows.length / F;
  const out = checkpoints.map(() => new Float64Array(n));
  for (let i = 0; i < n; i++) {
    let logit = p.bias;
    let from = 0;
    checkpoints.forEach((to, c) => {
      logit = treeSum(p, rows, i * F, logit, from, to);
      out[c][i] = logit;
      from = to;
    });
  }
  return out;
}

/** The log-odds of one row (`row[offset … offset + features)`). */
export function boostedLogit(model: BoostedTrees, row: ArrayLike<number>, offset = 0): number {
  return packedLogit(packForest(model), row, offset);
}

/** Log-odds of every row of a row-major matrix with `model.features` columns. */
export function boostedLogits(model: BoostedTrees, rows: Float64Array): Float64Array {
  const F = model.features;
  if (rows.length % F !== 0) {
    throw new BoostedTreesInputError(`rows have ${rows.length} values, not a multiple of the ${F} features`);
  }
  const p = packForest(model);
  const n = rows.length / F;
  const out = new Float64Array(n);
  if (p.exitAfter === p.roots.length) {
    for (let i = 0; i < n; i++) {
      out[i] = packedLogit(p, rows, i * F);
    }
    return out;
  }
  // With an early exit, the trees before it go tree by tree over all rows (few trees: they stay in
  // cache) as generated functions (compiledTrees.ts), or where code cannot be generated as a packed
  // walk with four neighbouring rows walking together while they take the same branch, as rows of one
  // host's series mostly do; then the rows that walk on finish alone. Each row still sums its trees
  // in order, so the result is packedLogit's to the bit.
  out.fill(p.bias);
  const compiled = compiledTrees(model, p.exitAfter);
  if (compiled) {
    for (const tree of compiled) {
      tree(rows, F, n, out);
    }
  } else {
    addTrees(p, p.exitAfter, rows, F, out);
  }
  for (let i = 0; i < n; i++) {
    if (out[i] >= p.exitBelow) {
      out[i] = treeSum(p, rows, i * F, out[i], p.exitAfter, p.roots.length);
    }
  }
  return out;
}

/** Adds trees [0, to) to every row's sum in `out`, tree by tree (where code cannot be generated). */
function addTrees(p: PackedForest, to: number, rows: Float64Array, F: number, out: Float64Array): void {
  const { roots, feature, threshold: th, left: l, right: r, missingLeft: ml, value } = p;
  const n = out.length;
  for (let t = 0; t < to; t++) {
    const root = roots[t];
    let i = 0;
    for (; i + 4 <= n; i += 4) {
      const at = i * F;
      let node = root;
      let f = feature[node];
      while (f >= 0) {
        const next = child(th, l, r, ml, node, rows[at + f]);
        if (
          next !== child(th, l, r, ml, node, rows[at + F + f]) ||
          next !== child(th, l, r, ml, node, rows[at + 2 * F + f]) ||
          next !== child(th, l, r, ml, node, rows[at + 3 * F + f])
        ) {
          break;
        }
        node = next;
        f = feature[node];
      }
      if (f < 0) {
        const leaf = value[node];
        out[i] += leaf;
        out[i + 1] += leaf;
        out[i + 2] += leaf;
        out[i + 3] += leaf;
        continue;
      }
      // The four part here: each finishes alone.
      for (let q = 0; q < 4; q++) {
        let nd = node;
        let ff = f;
        const o = at + q * F;
        while (ff >= 0) {
          nd = child(th, l, r, ml, nd, rows[o + ff]);
          ff = feature[nd];
        }
        out[i + q] += value[nd];
      }
    }
    for (; i < n; i++) {
      let nd = root;
      let ff = feature[nd];
      while (ff >= 0) {
        nd = child(th, l, r, ml, nd, rows[i * F + ff]);
        ff = feature[nd];
      }
      out[i] += value[nd];
    }
  }
}

/** The node a row at `node` goes to for input value v (NaN: the learned side). */
function child(
  threshold: Float64Array,
  left: Int32Array,
  right: Int32Array,
  missingLeft: Uint8Array,
  node: number,
  v: number
): number {
  return v <= threshold[node] ? left[node] : v === v || !missingLeft[node] ? right[node] : left[node];
}

const readInputs = new WeakMap<BoostedTrees, Set<number>>();

/** Whether any tree splits on input `feature` (an input no tree reads need not be computed). */
export function treesRead(model: BoostedTrees, feature: number): boolean {
  let read = readInputs.get(model);
  if (!read) {
    read = new Set(model.trees.flatMap((t) => Array.from(t.feature).filter((f) => f >= 0)));
    readInputs.set(model, read);
  }
  return read.has(feature);
}

export function sigmoid(logit: number): number {
  return 1 / (1 + Math.exp(-logit));
}
