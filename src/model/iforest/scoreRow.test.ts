import { trainIsolationForest } from './isolationForest';
import { scoreBatch, scoreRow } from './scoring';
import { IsolationForestInputError } from './errors';

describe('scoreRow', () => {
  const rows = Array.from({ length: 300 }, (_, i) => [Math.sin(i), Math.cos(i * 0.7), (i % 17) / 17, i % 3 === 0 ? 5 : 0]);
  const forest = trainIsolationForest(rows, { trees: 50, sampleSize: 64, seed: 11 });

  it('equals the batch score bit for bit', () => {
    const batch = scoreBatch(forest, rows);
    rows.forEach((row, i) => expect(scoreRow(forest, row)).toBe(batch[i]));
  });

  it('scores a flat Float32Array as its Float64Array copy, and checks it the same way', () => {
    const flat32 = Float32Array.from(rows.flat());
    const batch32 = scoreBatch(forest, flat32);
    const batch64 = scoreBatch(forest, Float64Array.from(flat32));
    expect(Array.from(batch32)).toEqual(Array.from(batch64));
    rows.forEach((_, i) => expect(scoreRow(forest, flat32.subarray(i * 4, i * 4 + 4))).toBe(batch32[i]));
    flat32[5] = NaN;
    expect(() => scoreBatch(forest, flat32)).toThrow(IsolationForestInputError);
    expect(() => scoreBatch(forest, flat32.subarray(0, 6))).toThrow(/not a whole number of 4-feature rows/);
  });

  it('refuses non-finite values and wrong widths like the batch path', () => {
    expect(() => scoreRow(forest, [1, NaN, 0, 0])).toThrow(IsolationForestInputError);
    expect(() => scoreRow(forest, [1, 2, 3])).toThrow(/3 values; the forest was trained on 4 features/);
  });
});
