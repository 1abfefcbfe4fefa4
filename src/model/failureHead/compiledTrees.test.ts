import * as fs from 'fs';
import * as path from 'path';
import { BoostedTree, BoostedTrees, boostedLogits, checkpointLogits } from './boostedTrees';
import { compiledTrees } from './compiledTrees';
import { trainBoostedTrees } from './trainBoostedTrees';

// The scikit-learn reference data set of boostedTrees.test.ts: real splits, missing values included.
const reference = JSON.parse(
  fs.readFileSync(path.join(__dirname, '../../../testdata/boosted-trees/reference.json'), 'utf8')
);
const flat = (rows: Array<Array<number | null>>) => Float64Array.from(rows.flat(), (v) => (v === null ? NaN : v));
const F = reference.train[0].length;
const rows = flat(reference.test);
const n = rows.length / F;
const trained = trainBoostedTrees(flat(reference.train), F, Uint8Array.from(reference.labels), {
  iterations: 40,
  learningRate: 0.1,
  maxLeaves: 31,
  minSamplesLeaf: 20,
  l2: 0,
  maxBins: 255,
});

function compiledSums(model: BoostedTrees, x: Float64Array, count: number): Float64Array {
  const trees = compiledTrees(model, count);
  if (!trees) {
    throw new Error('code generation refused');
  }
  const out = new Float64Array(x.length / model.features).fill(model.bias);
  for (const tree of trees) {
    tree(x, model.features, out.length, out);
  }
  return out;
}

describe('compiledTrees', () => {
  it('adds the same leaves in the same order as the packed walk, to the bit', () => {
    expect(rows.some(Number.isNaN)).toBe(true);
    for (const count of [1, 17, 40]) {
      const [packed] = checkpointLogits(trained, rows, [count]);
      expect(Array.from(compiledSums(trained, rows, count))).toEqual(Array.from(packed));
    }
  });

  it('writes signed zeros, infinities and missing-value sides exactly', () => {
    // Root: x0 <= -0 (missing left); its right child: x1 <= Infinity (missing right).
    const tree: BoostedTree = {
      feature: Int32Array.from([0, -1, 1, -1, -1]),
      threshold: Float64Array.from([-0, 0, Infinity, 0, 0]),
      left: Int32Array.from([1, 0, 3, 0, 0]),
      right: Int32Array.from([2, 0, 4, 0, 0]),
      missingLeft: Uint8Array.from([1, 0, 0, 0, 0]),
      value: Float64Array.from([0, -0, 0, 1e-300, -Infinity]),
    };
    const model: BoostedTrees = { features: 2, bias: 0, trees: [tree] };
    const x = Float64Array.from([-0, 5, 0, 5, NaN, 5, 1e-9, 7, 1e-9, NaN, Infinity, Infinity, -Infinity, NaN]);
    const [packed] = checkpointLogits(model, x, [1]);
    const compiled = compiledSums(model, x, 1);
    expect(Array.from(compiled)).toEqual(Array.from(packed));
    expect(Object.is(compiled[0], -0)).toBe(false); // 0 + (−0) is +0 in both
    expect(Array.from(compiled)).toEqual([0, 0, 0, 1e-300, -Infinity, 1e-300, 0]);
  });

  it('gives the same early-exit scores when code generation is refused (a strict Content-Security-Policy)', () => {
    const withExit: BoostedTrees = { ...trained, earlyExit: { trees: 10, belowLogit: -1 } };
    const generated = boostedLogits(withExit, rows);
    const refused = { ...withExit }; // a new object: nothing cached for it
    const spy = jest.spyOn(globalThis, 'Function').mockImplementation(() => {
      throw new EvalError("Refused to evaluate a string as JavaScript because 'unsafe-eval' is not allowed");
    });
    try {
      expect(compiledTrees(refused, 10)).toBeUndefined();
      expect(Array.from(boostedLogits(refused, rows))).toEqual(Array.from(generated));
    } finally {
      spy.mockRestore();
    }
    expect(generated.some((v) => v < -1) && generated.some((v) => v >= -1)).toBe(true);
    expect(n).toBeGreaterThan(100);
  });
});
