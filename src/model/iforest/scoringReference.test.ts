import { averagePathLength, IsolationForest, trainIsolationForest } from './isolationForest';
import { fromJSON, toJSON } from './serialise';
import { scoreBatch } from './scoring';

/** SCORING in ./isolationForest.ts, written out plainly over the tree arrays: the yardstick. */
function specScore(forest: IsolationForest, row: ArrayLike<number>): number {
  let sum = 0;
  for (const tree of forest.trees) {
    let node = 0;
    let depth = 0;
    while (tree.feature[node] >= 0) {
      node = row[tree.feature[node]] <= tree.threshold[node] ? tree.left[node] : tree.right[node];
      depth = depth + 1;
    }
    sum = sum + (depth + averagePathLength(tree.size[node]));
  }
  return Math.pow(2, -(sum / forest.trees.length / averagePathLength(forest.sampleSize)));
}

/** The same trees with each one's nodes renumbered so the right subtree comes before the left. */
function rightFirst(forest: IsolationForest): IsolationForest {
  const json = toJSON(forest);
  json.trees = json.trees.map((tree) => {
    const order: number[] = [];
    const visit = (i: number): void => {
      order.push(i);
      if (tree.feature[i] >= 0) {
        visit(tree.right[i]);
        visit(tree.left[i]);
      }
    };
    visit(0);
    const id = new Map(order.map((old, k) => [old, k]));
    const child = (c: number) => (c < 0 ? -1 : id.get(c)!);
    return {
      feature: order.map((i) => tree.feature[i]),
      threshold: order.map((i) => tree.threshold[i]),
      left: order.map((i) => child(tree.left[i])),
      right: order.map((i) => child(tree.right[i])),
      size: order.map((i) => tree.size[i]),
    };
  });
  return fromJSON(json);
}

describe('batch scoring against the specification', () => {
  const F = 5;
  // Rows of a slowly moving series (neighbours take the same path, so four are walked together)
  // with bursts and jumps (where they part), and one row in 37 far out.
  const series = Array.from({ length: 1_003 }, (_, t) =>
    Array.from(
      { length: F },
      (_, f) => Math.sin(t * 0.01 + f) + (t % 97 < 5 ? Math.cos(t * 1.7 + f) : 0) + (t % 37 === 0 ? 4 : 0)
    )
  );
  const forest = trainIsolationForest(series, { trees: 40, sampleSize: 128, seed: 5 });
  const expected = series.map((row) => specScore(forest, row));

  it('gives the specification’s scores bit for bit on smooth and on jumpy rows (blocks, rows walked four together)', () => {
    expect(Array.from(scoreBatch(forest, series))).toEqual(expected);
    expect(Array.from(scoreBatch(forest, Float64Array.from(series.flat())))).toEqual(expected);
    // A length that is not a whole number of blocks or groups of four.
    expect(Array.from(scoreBatch(forest, series.slice(3, 70)))).toEqual(expected.slice(3, 70));
  });

  it('handles fewer rows than a group of four, and trees that are a single leaf', () => {
    for (const n of [0, 1, 3]) {
      expect(Array.from(scoreBatch(forest, series.slice(0, n)))).toEqual(expected.slice(0, n));
    }
    const stumps = trainIsolationForest(series, { trees: 3, sampleSize: 16, seed: 2, maxDepth: 0 });
    expect(stumps.trees.every((t) => t.feature.length === 1)).toBe(true);
    expect(Array.from(scoreBatch(stumps, series.slice(0, 9)))).toEqual(
      series.slice(0, 9).map((row) => specScore(stumps, row))
    );
  });

  it('scores a forest whose nodes are not in pre-order the same (it is repacked)', () => {
    const reordered = rightFirst(forest);
    expect(reordered.trees[0].left[0]).not.toBe(1);
    expect(Array.from(scoreBatch(reordered, series))).toEqual(expected);
  });
});
