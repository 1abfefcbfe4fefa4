import * as fs from 'fs';
import * as path from 'path';
import { boostedLogit, boostedLogits, BoostedTreesInputError } from './boostedTrees';
import { binEdges, BoostedTreesTrainingError, trainBoostedTrees } from './trainBoostedTrees';

interface Reference {
  options: {
    max_iter: number;
    learning_rate: number;
    max_leaf_nodes: number;
    min_samples_leaf: number;
    l2_regularization: number;
    max_bins: number;
  };
  train: Array<Array<number | null>>;
  labels: number[];
  test: Array<Array<number | null>>;
  logits: number[];
}

// scikit-learn 1.9.1's HistGradientBoostingClassifier on a fixed data set (testdata/boosted-trees/make_reference.py).
const reference: Reference = JSON.parse(
  fs.readFileSync(path.join(__dirname, '../../../testdata/boosted-trees/reference.json'), 'utf8')
);
const flat = (rows: Array<Array<number | null>>) => Float64Array.from(rows.flat(), (v) => (v === null ? NaN : v));

describe('trainBoostedTrees', () => {
  const o = reference.options;
  const options = {
    iterations: o.max_iter,
    learningRate: o.learning_rate,
    maxLeaves: o.max_leaf_nodes,
    minSamplesLeaf: o.min_samples_leaf,
    l2: o.l2_regularization,
    maxBins: o.max_bins,
  };
  const F = reference.train[0].length;
  const model = trainBoostedTrees(flat(reference.train), F, Uint8Array.from(reference.labels), options);

  it("reproduces scikit-learn's log-odds on held-out rows, missing values included", () => {
    const ours = boostedLogits(model, flat(reference.test));
    let worst = 0;
    reference.logits.forEach((want, i) => (worst = Math.max(worst, Math.abs(ours[i] - want))));
    expect(worst).toBeLessThan(1e-6);
    expect(model.trees).toHaveLength(o.max_iter);
  });

  it('scores one row as the batch does', () => {
    const rows = flat(reference.test);
    const batch = boostedLogits(model, rows);
    for (const i of [0, 17, 499]) {
      expect(boostedLogit(model, rows, i * F)).toBe(batch[i]);
    }
  });

  it('lowers the training log-loss every round', () => {
    const losses: number[] = [];
    trainBoostedTrees(flat(reference.train), F, Uint8Array.from(reference.labels), {
      ...options,
      onRound: (_r, l) => losses.push(l),
    });
    for (let k = 1; k < losses.length; k++) {
      expect(losses[k]).toBeLessThan(losses[k - 1]);
    }
  });

  it('refuses rows and labels it cannot learn from, saying why', () => {
    const rows = Float64Array.from([0, 1, 2, 3]);
    expect(() => trainBoostedTrees(rows, 3, Uint8Array.from([0, 1]))).toThrow(/not a multiple of 3/);
    expect(() => trainBoostedTrees(rows, 2, Uint8Array.from([0]))).toThrow(/1 labels for 2 rows/);
    expect(() => trainBoostedTrees(rows, 2, Uint8Array.from([1, 1]))).toThrow(/every label is 1/);
    expect(() => trainBoostedTrees(rows, 2, Uint8Array.from([0, 2]))).toThrow(/label 1 is 2/);
    expect(() => trainBoostedTrees(Float64Array.from([0, Infinity, 2, 3]), 2, Uint8Array.from([0, 1]))).toThrow(
      BoostedTreesTrainingError
    );
    expect(() => boostedLogits(model, new Float64Array(F + 1))).toThrow(BoostedTreesInputError);
  });
});

describe('binEdges', () => {
  it('cuts between distinct values when there are few, at quantiles when there are many', () => {
    expect(Array.from(binEdges(Float64Array.from([3, 1, NaN, 1, 2]), 255))).toEqual([1.5, 2.5]);
    const many = binEdges(
      Float64Array.from({ length: 1000 }, (_, i) => i),
      4
    );
    expect(Array.from(many)).toEqual([250, 500, 750]);
  });
});
