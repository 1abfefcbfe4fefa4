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

  it('refuses non-finite values and wrong widths like the batch path', () => {
    expect(() => scoreRow(forest, [1, NaN, 0, 0])).toThrow(IsolationForestInputError);
    expect(() => scoreRow(forest, [1, 2, 3])).toThrow(/3 values; the forest was trained on 4 features/);
  });
});
