/**
 * Training of boostedTrees.ts: histogram gradient boosting for log-loss, grown leaf-wise as
 * LightGBM and scikit-learn's HistGradientBoostingClassifier do (the design the supervised-head
 * experiment was measured with):
 * - each feature is cut into at most `maxBins` bins at quantiles of its values (midpoints between
 *   distinct values when there are few), NaN in a bin of its own;
 * - each round fits one tree to the log-loss gradient and hessian, splitting the leaf whose best
 *   split gains most until `maxLeaves`; a split may send the missing values either way;
 * - a child's histogram is the parent's less its sibling's, so only the smaller child is counted.
 * Everything is deterministic: the same rows give the same trees.
 */
import { BoostedTree, BoostedTrees } from './boostedTrees';

export interface BoostedTreesOptions {
  iterations: number;
  learningRate: number;
  maxLeaves: number;
  minSamplesLeaf: number;
  /** L2 penalty on leaf values. */
  l2: number;
  /** At most 255 (one byte per binned value; NaN has its own). */
  maxBins: number;
  /** Called after each round with the training log-loss. */
  onRound?: (round: number, logLoss: number) => void;
}

export const BOOSTED_TREES_DEFAULTS: Omit<BoostedTreesOptions, 'onRound'> = {
  iterations: 300,
  learningRate: 0.05,
  maxLeaves: 31,
  minSamplesLeaf: 20,
  l2: 0,
  maxBins: 255,
};

export class BoostedTreesTrainingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BoostedTreesTrainingError';
  }
}

const MISSING_BIN = 255;
const HIST = 256;
const MIN_HESSIAN = 1e-3;

/** Upper edges of each bin but the last: a value v falls in the first bin b with v <= edges[b]. */
export function binEdges(values: Float64Array, maxBins: number): Float64Array {
  const finite = Float64Array.from(values.filter((v) => !Number.isNaN(v))).sort();
  const distinct: number[] = [];
  for (let i = 0; i < finite.length; i++) {
    if (i === 0 || finite[i] !== finite[i - 1]) {
      distinct.push(finite[i]);
    }
  }
  if (distinct.length <= maxBins) {
    return Float64Array.from(distinct.slice(1), (v, i) => (distinct[i] + v) / 2);
  }
  const edges: number[] = [];
  for (let k = 1; k < maxBins; k++) {
    const q = finite[Math.min(finite.length - 1, Math.floor((k * finite.length) / maxBins))];
    if (edges.length === 0 || q > edges[edges.length - 1]) {
      edges.push(q);
    }
  }
  return Float64Array.from(edges);
}

function binOf(edges: Float64Array, v: number): number {
  if (Number.isNaN(v)) {
    return MISSING_BIN;
  }
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (edges[mid] < v) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

interface Split {
  gain: number;
  feature: number;
  /** Bins <= bin go left; bin = edges.length sends every non-missing value left. */
  bin: number;
  missingLeft: boolean;
}

interface Leaf {
  start: number;
  end: number;
  g: number;
  h: number;
  hist: Float64Array; // [F][HIST][g, h, count]
  split: Split | null;
  node: number;
}

class Grower {
  constructor(
    private readonly F: number,
    private readonly bins: Uint8Array,
    private readonly edges: Float64Array[],
    private readonly grad: Float64Array,
    private readonly hess: Float64Array,
    private readonly index: Int32Array,
    /** Whether each feature had a missing value anywhere in training. */
    private readonly hasMissing: Uint8Array,
    private readonly o: BoostedTreesOptions
  ) {}

  histogram(start: number, end: number): Float64Array {
    const { F, bins, grad, hess, index } = this;
    const hist = new Float64Array(F * HIST * 3);
    for (let p = start; p < end; p++) {
      const i = index[p];
      const g = grad[i];
      const h = hess[i];
      const row = i * F;
      for (let j = 0; j < F; j++) {
        const at = (j * HIST + bins[row + j]) * 3;
        hist[at] += g;
        hist[at + 1] += h;
        hist[at + 2]++;
      }
    }
    return hist;
  }

  bestSplit(hist: Float64Array, G: number, H: number, count: number): Split | null {
    const { F, edges, o } = this;
    const lambda = o.l2;
    const parent = (G * G) / (H + lambda);
    let best: Split | null = null;
    const consider = (gl: number, hl: number, cl: number, feature: number, bin: number, missingLeft: boolean) => {
      const cr = count - cl;
      const hr = H - hl;
      if (cl < o.minSamplesLeaf || cr < o.minSamplesLeaf || hl < MIN_HESSIAN || hr < MIN_HESSIAN) {
        return;
      }
      const gr = G - gl;
      const gain = (gl * gl) / (hl + lambda) + (gr * gr) / (hr + lambda) - parent;
      if (gain > 1e-12 && (best === null || gain > best.gain)) {
        best = { gain, feature, bin, missingLeft };
      }
    };
    // The candidates in scikit-learn's order (its splitting.pyx), so that equal gains resolve the
    // same way: per feature, bins left to right with missing values right, then (for a feature with
    // missing values in training) right to left with them left; a later candidate wins only if better.
    for (let j = 0; j < F; j++) {
      const base = j * HIST * 3;
      const last = edges[j].length;
      let gl = 0;
      let hl = 0;
      let cl = 0;
      const end = last + (this.hasMissing[j] ? 1 : 0);
      for (let b = 0; b < end; b++) {
        const at = base + b * 3;
        gl += hist[at];
        hl += hist[at + 1];
        cl += hist[at + 2];
        consider(gl, hl, cl, j, b, false);
      }
      if (this.hasMissing[j]) {
        let gr = 0;
        let hr = 0;
        let cr = 0;
        for (let b = last - 1; b >= 0; b--) {
          const at = base + (b + 1) * 3;
          gr += hist[at];
          hr += hist[at + 1];
          cr += hist[at + 2];
          consider(G - gr, H - hr, count - cr, j, b, true);
        }
      }
    }
    return best;
  }

  /** Partitions index[start, end) so the rows going left come first; returns the boundary. */
  partition(start: number, end: number, split: Split): number {
    const { F, bins, index } = this;
    let lo = start;
    let hi = end - 1;
    const goesLeft = (i: number) => {
      const b = bins[i * F + split.feature];
      return b === MISSING_BIN ? split.missingLeft : b <= split.bin;
    };
    while (lo <= hi) {
      if (goesLeft(index[lo])) {
        lo++;
      } else {
        const t = index[lo];
        index[lo] = index[hi];
        index[hi] = t;
        hi--;
      }
    }
    return lo;
  }

  leaf(start: number, end: number, hist: Float64Array, node: number): Leaf {
    let g = 0;
    let h = 0;
    // Any one feature's bins hold every row once.
    for (let b = 0; b < HIST; b++) {
      g += hist[b * 3];
      h += hist[b * 3 + 1];
    }
    return { start, end, g, h, hist, node, split: this.bestSplit(hist, g, h, end - start) };
  }

  grow(): { tree: BoostedTree; leaves: Leaf[] } {
    const n = this.index.length;
    const nodes = { feature: [-1], threshold: [0], left: [-1], right: [-1], missingLeft: [0], value: [0] };
    const addNode = () => {
      nodes.feature.push(-1);
      nodes.threshold.push(0);
      nodes.left.push(-1);
      nodes.right.push(-1);
      nodes.missingLeft.push(0);
      nodes.value.push(0);
      return nodes.feature.length - 1;
    };
    const leaves: Leaf[] = [this.leaf(0, n, this.histogram(0, n), 0)];
    while (leaves.length < this.o.maxLeaves) {
      let pick = -1;
      for (let k = 0; k < leaves.length; k++) {
        const s = leaves[k].split;
        if (s && (pick < 0 || s.gain > leaves[pick].split!.gain)) {
          pick = k;
        }
      }
      if (pick < 0) {
        break;
      }
      const parent = leaves[pick];
      const split = parent.split!;
      const mid = this.partition(parent.start, parent.end, split);
      const leftNode = addNode();
      const rightNode = addNode();
      nodes.feature[parent.node] = split.feature;
      const edges = this.edges[split.feature];
      // "Every non-missing value left" as the largest double, which JSON can carry and Infinity cannot.
      nodes.threshold[parent.node] = split.bin < edges.length ? edges[split.bin] : Number.MAX_VALUE;
      nodes.left[parent.node] = leftNode;
      nodes.right[parent.node] = rightNode;
      // A feature never missing in training sends a missing value to the child that saw more rows
      // (scikit-learn's rule); otherwise where the split learned it goes.
      const leftRows = mid - parent.start;
      const rightRows = parent.end - mid;
      const missingLeft = this.hasMissing[split.feature] ? split.missingLeft : leftRows > rightRows;
      nodes.missingLeft[parent.node] = missingLeft ? 1 : 0;
      const leftSmaller = leftRows <= rightRows;
      const small = leftSmaller ? this.histogram(parent.start, mid) : this.histogram(mid, parent.end);
      const large = parent.hist;
      for (let i = 0; i < large.length; i++) {
        large[i] -= small[i];
      }
      const leftHist = leftSmaller ? small : large;
      const rightHist = leftSmaller ? large : small;
      leaves.splice(
        pick,
        1,
        this.leaf(parent.start, mid, leftHist, leftNode),
        this.leaf(mid, parent.end, rightHist, rightNode)
      );
    }
    for (const leaf of leaves) {
      nodes.value[leaf.node] = (-leaf.g / (leaf.h + this.o.l2)) * this.o.learningRate;
    }
    const tree: BoostedTree = {
      feature: Int32Array.from(nodes.feature),
      threshold: Float64Array.from(nodes.threshold),
      left: Int32Array.from(nodes.left),
      right: Int32Array.from(nodes.right),
      missingLeft: Uint8Array.from(nodes.missingLeft),
      value: Float64Array.from(nodes.value),
    };
    return { tree, leaves };
  }
}

/**
 * Fits trees to `labels` (0/1) from row-major `rows` with `features` columns (NaN = missing;
 * ±Infinity refused, it has no bin).
 */
export function trainBoostedTrees(
  rows: Float64Array,
  features: number,
  labels: Uint8Array,
  options: Partial<BoostedTreesOptions> = {}
): BoostedTrees {
  const o: BoostedTreesOptions = { ...BOOSTED_TREES_DEFAULTS, ...options };
  if (!Number.isInteger(features) || features < 1 || rows.length % features !== 0) {
    throw new BoostedTreesTrainingError(`rows have ${rows.length} values, not a multiple of ${features} features`);
  }
  const n = rows.length / features;
  if (labels.length !== n) {
    throw new BoostedTreesTrainingError(`${labels.length} labels for ${n} rows`);
  }
  if (!(o.maxBins >= 2 && o.maxBins <= 255) || !(o.maxLeaves >= 2) || !(o.iterations >= 1) || !(o.learningRate > 0)) {
    throw new BoostedTreesTrainingError(
      `bad options: maxBins ${o.maxBins} (2…255), maxLeaves ${o.maxLeaves} (≥ 2), iterations ${o.iterations} (≥ 1), learningRate ${o.learningRate} (> 0)`
    );
  }
  let positives = 0;
  for (let i = 0; i < n; i++) {
    if (labels[i] !== 0 && labels[i] !== 1) {
      throw new BoostedTreesTrainingError(`label ${i} is ${labels[i]}; labels are 0 or 1`);
    }
    positives += labels[i];
  }
  if (positives === 0 || positives === n) {
    throw new BoostedTreesTrainingError(`every label is ${positives === 0 ? 0 : 1}; the trees need both classes`);
  }
  for (let i = 0; i < rows.length; i++) {
    if (rows[i] === Infinity || rows[i] === -Infinity) {
      throw new BoostedTreesTrainingError(`row ${Math.floor(i / features)} feature ${i % features} is ${rows[i]}`);
    }
  }

  const edges: Float64Array[] = [];
  const hasMissing = new Uint8Array(features);
  const bins = new Uint8Array(rows.length);
  const column = new Float64Array(n);
  for (let j = 0; j < features; j++) {
    for (let i = 0; i < n; i++) {
      column[i] = rows[i * features + j];
    }
    const e = binEdges(column, o.maxBins);
    edges.push(e);
    for (let i = 0; i < n; i++) {
      bins[i * features + j] = binOf(e, column[i]);
      if (Number.isNaN(column[i])) {
        hasMissing[j] = 1;
      }
    }
  }

  const bias = Math.log(positives / (n - positives));
  const raw = new Float64Array(n).fill(bias);
  const grad = new Float64Array(n);
  const hess = new Float64Array(n);
  const index = new Int32Array(n);
  const trees: BoostedTree[] = [];
  for (let round = 0; round < o.iterations; round++) {
    let loss = 0;
    for (let i = 0; i < n; i++) {
      const p = 1 / (1 + Math.exp(-raw[i]));
      // Held in float32, as scikit-learn holds them: its trees are this file's reference test.
      grad[i] = Math.fround(p - labels[i]);
      hess[i] = Math.fround(p * (1 - p));
      loss -= labels[i] ? Math.log(Math.max(p, 1e-300)) : Math.log(Math.max(1 - p, 1e-300));
      index[i] = i;
    }
    o.onRound?.(round, loss / n);
    const { tree, leaves } = new Grower(features, bins, edges, grad, hess, index, hasMissing, o).grow();
    if (tree.feature.length === 1) {
      break; // nothing left to split: further rounds would add the same constant
    }
    trees.push(tree);
    for (const leaf of leaves) {
      const v = tree.value[leaf.node];
      for (let p = leaf.start; p < leaf.end; p++) {
        raw[index[p]] += v;
      }
    }
  }
  return { features, bias, trees };
}
