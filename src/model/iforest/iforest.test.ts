import fs from 'node:fs';
import path from 'node:path';
import { createRandom } from '../random';
import {
  averagePathLength,
  fromJSON,
  IsolationForestFormatError,
  IsolationForestInputError,
  IsolationForestJSON,
  IsolationForestOptionsError,
  meanPathLengthBatch,
  scoreBatch,
  scoreRow,
  scoreSamplesBatch,
  toJSON,
  trainIsolationForest,
} from '.';

const C4 = 2 * (Math.log(3) + 0.5772156649015329) - 1.5; // c(4) by hand: 2(1.0986122887 + 0.5772156649) − 1.5 ≈ 1.85165590713928

/** One hand-built tree: x0 <= 0.5 → leaf(1); else x1 <= 2 → leaf(2), else leaf(1). */
function handForest(): IsolationForestJSON {
  return {
    kind: 'isolation-forest',
    version: 1,
    features: 2,
    sampleSize: 4,
    maxDepth: 2,
    seed: null,
    trees: [
      {
        feature: [0, -1, 1, -1, -1],
        threshold: [0.5, 0, 2, 0, 0],
        left: [1, -1, 3, -1, -1],
        right: [2, -1, 4, -1, -1],
        size: [4, 1, 3, 2, 1],
      },
    ],
  };
}

function gaussianRows(n: number, F: number, seed: number): number[][] {
  const r = createRandom(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - r.float())) * Math.cos(2 * Math.PI * r.float());
  return Array.from({ length: n }, () => Array.from({ length: F }, normal));
}

describe('c(n), the average path length', () => {
  it('follows the paper (and scikit-learn) exactly', () => {
    expect(averagePathLength(0)).toBe(0);
    expect(averagePathLength(1)).toBe(0);
    expect(averagePathLength(2)).toBe(1);
    expect(averagePathLength(4)).toBe(C4);
    expect(C4).toBeCloseTo(1.85165590713928, 14);
    const sk = JSON.parse(
      fs.readFileSync(path.resolve(__dirname, '../../../testdata/reference/iforest/sklearn_trees.json'), 'utf8')
    ).averagePathLength as { n: number[]; c: number[] };
    sk.n.forEach((n, i) => expect(Math.abs(averagePathLength(n) - sk.c[i])).toBeLessThanOrEqual(1e-14));
  });
});

describe('scoring a hand-built forest', () => {
  const forest = fromJSON(handForest());

  it('adds depth and c(leaf size) and normalises by c(ψ)', () => {
    // [0.5, 9]: 0.5 <= 0.5 goes left → depth 1, size 1: h = 1.
    // [1, 2]: right, then 2 <= 2 left → depth 2, size 2: h = 2 + c(2) = 3.
    // [1, 3]: right, right → depth 2, size 1: h = 2.
    const rows = [
      [0.5, 9],
      [1, 2],
      [1, 3],
    ];
    expect(Array.from(meanPathLengthBatch(forest, rows))).toEqual([1, 3, 2]);
    const s = scoreBatch(forest, rows);
    expect(s[0]).toBe(Math.pow(2, -(1 / C4)));
    expect(s[1]).toBe(Math.pow(2, -(3 / C4)));
    expect(s[2]).toBe(Math.pow(2, -(2 / C4)));
    expect(Array.from(scoreSamplesBatch(forest, rows))).toEqual(Array.from(s, (v) => -v));
    expect(scoreRow(forest, [1, 3])).toBe(s[2]);
  });

  it('averages path lengths over trees in order, and takes a flat Float64Array', () => {
    const json = handForest();
    json.trees.push({
      feature: [1, -1, -1],
      threshold: [0, 0, 0],
      left: [1, -1, -1],
      right: [2, -1, -1],
      size: [4, 3, 1],
    });
    const two = fromJSON(json);
    // [0.5, 9]: tree 0 h = 1; tree 1: 9 > 0 → right leaf, depth 1, size 1: h = 1. E = 1.
    // [1, -1]:  tree 0: right, -1 <= 2 → left leaf, h = 3; tree 1: left leaf size 3: h = 1 + c(3).
    const e = meanPathLengthBatch(two, Float64Array.from([0.5, 9, 1, -1]));
    expect(e[0]).toBe(1);
    expect(e[1]).toBe((3 + (1 + averagePathLength(3))) / 2);
  });
});

describe('trainIsolationForest', () => {
  const rows = gaussianRows(600, 4, 11);

  it('is reproducible from its seed and changes with it', () => {
    const a = toJSON(trainIsolationForest(rows, { trees: 20, seed: 5 }));
    expect(toJSON(trainIsolationForest(rows, { trees: 20, seed: 5 }))).toEqual(a);
    expect(toJSON(trainIsolationForest(rows, { trees: 20, seed: 6 }))).not.toEqual(a);
    // Float64Array rows train the same forest as number[] rows.
    expect(
      toJSON(
        trainIsolationForest(
          rows.map((r) => Float64Array.from(r)),
          { trees: 20, seed: 5 }
        )
      )
    ).toEqual(a);
  });

  it('builds well-formed trees with the documented defaults', () => {
    const forest = trainIsolationForest(rows, { seed: 1 });
    expect(forest.trees).toHaveLength(100);
    expect(forest.sampleSize).toBe(256);
    expect(forest.maxDepth).toBe(8);
    // fromJSON re-checks structure, sizes, depth limit and root size = ψ.
    expect(() => fromJSON(toJSON(forest))).not.toThrow();
    for (const t of forest.trees) {
      expect(t.left[0]).toBe(t.feature[0] >= 0 ? 1 : -1); // pre-order: the left child comes next
    }
  });

  it('caps ψ at the number of rows and derives the depth from it', () => {
    const forest = trainIsolationForest(rows.slice(0, 10), { trees: 3, seed: 1 });
    expect(forest.sampleSize).toBe(10);
    expect(forest.maxDepth).toBe(4);
  });

  it('makes a leaf when all values are equal, and never splits a constant feature', () => {
    const same = trainIsolationForest(
      Array.from({ length: 50 }, () => [3, 3]),
      { trees: 4, sampleSize: 16, seed: 2 }
    );
    same.trees.forEach((t) => expect(Array.from(t.size)).toEqual([16]));
    // Every row then has h = c(ψ): s = 2^-1.
    expect(
      Array.from(
        scoreBatch(same, [
          [3, 3],
          [100, -100],
        ])
      )
    ).toEqual([0.5, 0.5]);

    const withConstant = trainIsolationForest(
      rows.map((r) => [r[0], 7, r[1]]),
      { trees: 30, seed: 3 }
    );
    withConstant.trees.forEach((t) => expect(t.feature.includes(1)).toBe(false));
  });

  it('splits two distinct rows into two leaves of one row each (s = 0.5 with c(2) = 1)', () => {
    const forest = trainIsolationForest([[0], [1]], { trees: 3, seed: 9 });
    forest.trees.forEach((t) => {
      expect(Array.from(t.size)).toEqual([2, 1, 1]);
      expect(t.threshold[0]).toBeGreaterThanOrEqual(0);
      expect(t.threshold[0]).toBeLessThan(1);
    });
    expect(Array.from(scoreBatch(forest, [[0], [1], [0.5]]))).toEqual([0.5, 0.5, 0.5]);
  });

  it('honours maxDepth (0 → a single leaf per tree)', () => {
    const stump = trainIsolationForest(rows, { trees: 5, seed: 4, maxDepth: 0 });
    stump.trees.forEach((t) => expect(t.feature.length).toBe(1));
    expect(scoreRow(stump, [50, 50, 50, 50])).toBe(0.5);
  });

  it('finds a far outlier', () => {
    const forest = trainIsolationForest(rows, { trees: 50, seed: 8 });
    const [inlier, outlier] = scoreBatch(forest, [
      [0, 0, 0, 0],
      [6, -6, 6, 0],
    ]);
    expect(inlier).toBeLessThan(0.5);
    expect(outlier).toBeGreaterThan(0.65);
  });
});

describe('bad input', () => {
  it('names the row and column of a non-finite training value', () => {
    const rows = gaussianRows(10, 3, 1);
    rows[4][2] = NaN;
    try {
      trainIsolationForest(rows, { seed: 1 });
      throw new Error('expected a throw');
    } catch (e) {
      expect(e).toBeInstanceOf(IsolationForestInputError);
      expect((e as IsolationForestInputError).row).toBe(4);
      expect((e as IsolationForestInputError).column).toBe(2);
      expect((e as Error).message).toMatch(/training: row 4, column 2 is NaN/);
    }
    rows[4][2] = 0;
    rows[7][0] = -Infinity;
    expect(() => trainIsolationForest(rows, { seed: 1 })).toThrow(/row 7, column 0 is -Infinity/);
  });

  it('refuses ragged rows, too few rows and bad options', () => {
    expect(() => trainIsolationForest([[1, 2], [3]], { seed: 1 })).toThrow(/row 1 has 1 values, expected 2/);
    expect(() => trainIsolationForest([[1, 2]], { seed: 1 })).toThrow(/at least 2 rows, got 1/);
    expect(() => trainIsolationForest([[1], [2]], { seed: 1, trees: 0 })).toThrow(IsolationForestOptionsError);
    expect(() => trainIsolationForest([[1], [2]], { seed: 1, sampleSize: 1 })).toThrow(/sampleSize/);
    expect(() => trainIsolationForest([[1], [2]], { seed: -3 })).toThrow(/seed/);
    expect(() => trainIsolationForest([[1], [2]], {} as never)).toThrow(/seed is required/);
  });

  it('refuses NaN, infinite values and wrong widths at scoring time', () => {
    const forest = fromJSON(handForest());
    expect(() =>
      scoreBatch(forest, [
        [1, 2],
        [NaN, 1],
      ])
    ).toThrow(IsolationForestInputError);
    expect(() =>
      scoreBatch(forest, [
        [1, 2],
        [NaN, 1],
      ])
    ).toThrow(/scoring: row 1, column 0 is NaN/);
    expect(() => scoreBatch(forest, Float64Array.from([1, 2, 3, Infinity]))).toThrow(/row 1, column 1 is Infinity/);
    expect(() => scoreBatch(forest, [[1, 2, 3]])).toThrow(/row 0 has 3 values; the forest was trained on 2 features/);
    expect(() => scoreBatch(forest, Float64Array.from([1, 2, 3]))).toThrow(/not a whole number of 2-feature rows/);
  });
});

describe('serialised form', () => {
  const rows = gaussianRows(400, 14, 21);
  const forest = trainIsolationForest(rows, { trees: 100, seed: 13 });

  it('round-trips through JSON text to identical scores', () => {
    const text = JSON.stringify(toJSON(forest));
    const parsed = fromJSON(JSON.parse(text), 14);
    expect(toJSON(parsed)).toEqual(JSON.parse(text));
    expect(scoreBatch(parsed, rows)).toEqual(scoreBatch(forest, rows));
    // 100 trees × ψ = 256 stays small: plain JSON around 0.3 MB for Gaussian data.
    expect(text.length).toBeLessThan(400_000);
  });

  const cases: Array<[string, (j: IsolationForestJSON) => void, RegExp]> = [
    ['a cycle', (j) => (j.trees[0].left[0] = 0), /trees\[0\] node 0: left child 0 must be an index after the node/],
    ['a child out of range', (j) => (j.trees[0].right[2] = 9), /trees\[0\] node 2: right child 9/],
    [
      'a NaN threshold (null in JSON)',
      (j) => ((j.trees[0].threshold as unknown[])[0] = null),
      /threshold\[0\]: expected a finite number, got null/,
    ],
    [
      'a feature index beyond the width',
      (j) => (j.trees[0].feature[2] = 2),
      /node 2: feature 2 is not -1 \(leaf\) or a feature index below 2/,
    ],
    ['a shared child', (j) => (j.trees[0].right[2] = 3), /left and right are both 3|more than one parent/],
    [
      'an orphan',
      (j) => {
        j.trees[0].feature[2] = -1;
        j.trees[0].left[2] = -1;
        j.trees[0].right[2] = -1;
      },
      /node 3: is not reachable from the root/,
    ],
    ['inconsistent sizes', (j) => (j.trees[0].size[3] = 5), /size 3 is not size\(left\) \+ size\(right\) = 6/],
    ['a root size other than ψ', (j) => (j.sampleSize = 5), /root size 4 differs from sampleSize 5/],
    ['a tree deeper than maxDepth', (j) => (j.maxDepth = 1), /beyond maxDepth 1/],
    ['a leaf with children', (j) => (j.trees[0].left[1] = 2), /a leaf must have left = right = -1/],
    ['arrays of different lengths', (j) => j.trees[0].size.pop(), /trees\[0\].size: expected an array of 5 nodes/],
    ['another kind', (j) => ((j as { kind: string }).kind = 'random-forest'), /kind: expected "isolation-forest"/],
    ['another version', (j) => (j.version = 2), /version: this runtime reads version 1, got 2/],
    ['no trees', (j) => (j.trees = []), /trees: expected a non-empty array/],
  ];
  it.each(cases)('refuses %s with a message naming the field', (_, corrupt, message) => {
    const json = handForest();
    corrupt(json);
    expect(() => fromJSON(JSON.parse(JSON.stringify(json)))).toThrow(IsolationForestFormatError);
    expect(() => fromJSON(JSON.parse(JSON.stringify(json)))).toThrow(message);
  });

  it('refuses a forest over a different feature count than the model declares', () => {
    expect(() => fromJSON(handForest(), 3)).toThrow(/trained on 2 features but the model declares 3/);
    expect(() => fromJSON('{}')).toThrow(/\(root\): expected an object/);
  });
});
