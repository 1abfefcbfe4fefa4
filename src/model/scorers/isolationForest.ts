import { RowScorer } from '../risk/componentScores';

/**
 * Isolation Forest (Liu, Ting & Zhou 2008), deterministic from a seed. Each tree is stored flat:
 * per node `feature` (−1 for a leaf), `threshold`, `left`, `right` (child indices) and `size`
 * (training samples that reached a leaf). A row's path length in a tree is the depth of the
 * leaf it reaches plus c(size); its score is 2^(−mean path length / c(sampleSize)), in (0, 1],
 * higher = more isolated. The Go runtime reads the same arrays and computes the same formula.
 */
export interface IsolationTree {
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  size: number[];
}

export interface IsolationForestParams {
  kind: 'isolation-forest';
  features: number;
  sampleSize: number;
  trees: IsolationTree[];
}

const EULER_GAMMA = 0.5772156649015329;

/** Average path length of an unsuccessful search in a binary search tree of n points. */
export function averagePathLength(n: number): number {
  if (n <= 1) {
    return 0;
  }
  if (n === 2) {
    return 1;
  }
  return 2 * (Math.log(n - 1) + EULER_GAMMA) - (2 * (n - 1)) / n;
}

export function fitIsolationForest(
  rows: Array<ArrayLike<number>>,
  options: { trees: number; sampleSize: number },
  random: () => number
): IsolationForestParams {
  if (rows.length < 2) {
    throw new Error(`an Isolation Forest needs at least 2 rows, got ${rows.length}`);
  }
  const F = rows[0].length;
  rows.forEach((row, r) => {
    if (row.length !== F) {
      throw new Error(`row ${r} has ${row.length} values; the first has ${F}`);
    }
    for (let f = 0; f < F; f++) {
      if (!Number.isFinite(row[f])) {
        throw new Error(`row ${r}, column ${f} is ${row[f]}; the forest is fitted on finite values only`);
      }
    }
  });
  const sampleSize = Math.min(options.sampleSize, rows.length);
  const maxDepth = Math.ceil(Math.log2(Math.max(sampleSize, 2)));
  const trees: IsolationTree[] = [];
  const indices = rows.map((_, i) => i);
  for (let t = 0; t < options.trees; t++) {
    // Partial Fisher–Yates: the first sampleSize indices become a sample without replacement.
    for (let i = 0; i < sampleSize; i++) {
      const j = i + Math.floor(random() * (indices.length - i));
      [indices[i], indices[j]] = [indices[j], indices[i]];
    }
    const tree: IsolationTree = { feature: [], threshold: [], left: [], right: [], size: [] };
    grow(tree, rows, indices.slice(0, sampleSize), 0, maxDepth, F, random);
    trees.push(tree);
  }
  return { kind: 'isolation-forest', features: F, sampleSize, trees };
}

function grow(tree: IsolationTree, rows: Array<ArrayLike<number>>, sample: number[], depth: number, maxDepth: number, F: number, random: () => number): number {
  const node = tree.feature.length;
  tree.feature.push(-1);
  tree.threshold.push(0);
  tree.left.push(-1);
  tree.right.push(-1);
  tree.size.push(sample.length);
  if (depth >= maxDepth || sample.length <= 1) {
    return node;
  }
  // Split on a random feature that still varies within the node (as scikit-learn does).
  const varying: Array<[number, number, number]> = [];
  for (let f = 0; f < F; f++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const i of sample) {
      lo = Math.min(lo, rows[i][f]);
      hi = Math.max(hi, rows[i][f]);
    }
    if (hi > lo) {
      varying.push([f, lo, hi]);
    }
  }
  if (varying.length === 0) {
    return node;
  }
  const [f, lo, hi] = varying[Math.floor(random() * varying.length)];
  const threshold = lo + random() * (hi - lo);
  const leftSample = sample.filter((i) => rows[i][f] < threshold);
  const rightSample = sample.filter((i) => rows[i][f] >= threshold);
  tree.feature[node] = f;
  tree.threshold[node] = threshold;
  tree.left[node] = grow(tree, rows, leftSample, depth + 1, maxDepth, F, random);
  tree.right[node] = grow(tree, rows, rightSample, depth + 1, maxDepth, F, random);
  return node;
}

export function isolationScore(params: IsolationForestParams, row: ArrayLike<number>): number {
  let total = 0;
  for (const tree of params.trees) {
    let node = 0;
    let depth = 0;
    while (tree.feature[node] >= 0) {
      node = row[tree.feature[node]] < tree.threshold[node] ? tree.left[node] : tree.right[node];
      depth++;
    }
    total += depth + averagePathLength(tree.size[node]);
  }
  return Math.pow(2, -total / params.trees.length / averagePathLength(params.sampleSize));
}

/** Checks params read from an artifact: index ranges, no cycles (children after parents), finite thresholds. */
export function parseIsolationForest(value: unknown, features: number): IsolationForestParams {
  const p = value as IsolationForestParams;
  if (!p || p.kind !== 'isolation-forest' || p.features !== features || !(p.sampleSize >= 2) || !Array.isArray(p.trees) || p.trees.length === 0) {
    throw new Error(`isolationForest: expected kind "isolation-forest" over ${features} features with trees`);
  }
  p.trees.forEach((tree, t) => {
    const n = tree.feature?.length;
    for (const key of ['threshold', 'left', 'right', 'size'] as const) {
      if (!Array.isArray(tree[key]) || tree[key].length !== n) {
        throw new Error(`isolationForest.trees.${t}.${key}: ${n} nodes expected`);
      }
    }
    for (let i = 0; i < n; i++) {
      const f = tree.feature[i];
      if (f >= features || (f >= 0 && (!Number.isFinite(tree.threshold[i]) || !(tree.left[i] > i) || !(tree.right[i] > i) || tree.left[i] >= n || tree.right[i] >= n))) {
        throw new Error(`isolationForest.trees.${t} node ${i} is malformed`);
      }
    }
  });
  return p;
}

export function isolationScorer(params: IsolationForestParams): RowScorer {
  return { score: (row) => isolationScore(params, row) };
}
