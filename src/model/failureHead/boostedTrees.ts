/**
 * Gradient-boosted regression trees for a binary label (log-loss), as the product's supervised
 * failure head uses them: the model is a sum of trees over a row's features, read as the log-odds
 * of "a failure comes within the label window". Scoring is plain tree walking, so the Go runtime
 * can hold the same trees and give the same number (see trainBoostedTrees.ts for how they are grown).
 *
 * A missing input (NaN) follows each split's `missingLeft` side, as it was learned in training.
 */

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

export interface BoostedTrees {
  /** Features a row must have, in order. */
  features: number;
  /** Log-odds before any tree: the training label's base rate. */
  bias: number;
  trees: BoostedTree[];
}

/** Thrown for a row the trees cannot score (wrong width). */
export class BoostedTreesInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BoostedTreesInputError';
  }
}

function leafOf(tree: BoostedTree, row: ArrayLike<number>, offset: number): number {
  let node = 0;
  while (tree.feature[node] >= 0) {
    const v = row[offset + tree.feature[node]];
    const goLeft = Number.isNaN(v) ? tree.missingLeft[node] === 1 : v <= tree.threshold[node];
    node = goLeft ? tree.left[node] : tree.right[node];
  }
  return node;
}

/** The log-odds of one row (`row[offset … offset + features)`). */
export function boostedLogit(model: BoostedTrees, row: ArrayLike<number>, offset = 0): number {
  let logit = model.bias;
  for (const tree of model.trees) {
    logit += tree.value[leafOf(tree, row, offset)];
  }
  return logit;
}

/** Log-odds of every row of a row-major matrix with `model.features` columns. */
export function boostedLogits(model: BoostedTrees, rows: Float64Array): Float64Array {
  const F = model.features;
  if (rows.length % F !== 0) {
    throw new BoostedTreesInputError(`rows have ${rows.length} values, not a multiple of the ${F} features`);
  }
  const n = rows.length / F;
  const out = new Float64Array(n).fill(model.bias);
  for (const tree of model.trees) {
    for (let i = 0; i < n; i++) {
      out[i] += tree.value[leafOf(tree, rows, i * F)];
    }
  }
  return out;
}

export function sigmoid(logit: number): number {
  return 1 / (1 + Math.exp(-logit));
}
