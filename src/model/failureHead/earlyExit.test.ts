import { boostedLogits, checkpointLogits } from './boostedTrees';
import { chooseEarlyExit } from './earlyExit';
import { trainBoostedTrees } from './trainBoostedTrees';

// Rows where a failure is rare and announced by the first two inputs, as on a healthy fleet: most
// rows are plainly quiet, a few are not.
const F = 4;
const N = 4000;
const rows = Float64Array.from(
  { length: N * F },
  (_, i) => Math.sin(i * 12.9898) * 43758.5453 - Math.floor(Math.sin(i * 12.9898) * 43758.5453)
);
const labels = Uint8Array.from({ length: N }, (_, r) => (rows[r * F] + rows[r * F + 1] > 1.7 ? 1 : 0));
const model = trainBoostedTrees(rows, F, labels, { iterations: 60, learningRate: 0.1, maxLeaves: 8 });
const options = { candidates: [5, 10, 20, 40], safeProbability: 0.2, marginLogit: 0.5, clearBelow: 0.5 };
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

describe('chooseEarlyExit', () => {
  const choice = chooseEarlyExit(model, [rows.subarray(0, 2000 * F), rows.subarray(2000 * F)], options)!;
  const gated = { ...model, earlyExit: choice.earlyExit };

  it('saves work: most quiet rows stop at one of the candidate tree counts', () => {
    expect(options.candidates).toContain(choice.earlyExit.trees);
    expect(choice.passShare).toBeGreaterThan(0);
    expect(choice.passShare).toBeLessThan(0.5);
    expect(choice.treesPerRow).toBeLessThan(60 / 2);
  });

  it('never stops a row the whole head scores at the safe level or above, nor lets a stopped row reach the clearing level', () => {
    const whole = boostedLogits(model, rows);
    const withExit = boostedLogits(gated, rows);
    let stopped = 0;
    for (let i = 0; i < N; i++) {
      if (withExit[i] !== whole[i]) {
        stopped++;
        expect(sigmoid(whole[i])).toBeLessThan(options.safeProbability);
        expect(sigmoid(withExit[i])).toBeLessThan(options.clearBelow);
      }
    }
    expect(stopped / N).toBeCloseTo(1 - choice.passShare, 6);
  });

  it('gives a stopped row its partial sum and a row that walks on exactly the whole sum', () => {
    const [partial, whole] = checkpointLogits(model, rows, [choice.earlyExit.trees, 60]);
    const withExit = boostedLogits(gated, rows);
    for (let i = 0; i < N; i++) {
      expect(withExit[i]).toBe(partial[i] < choice.earlyExit.belowLogit ? partial[i] : whole[i]);
    }
    expect(Array.from(whole)).toEqual(Array.from(boostedLogits(model, rows)));
  });

  it('declines when no row comes near an alert, or no candidate is fewer than the trees', () => {
    expect(chooseEarlyExit(model, [rows], { ...options, safeProbability: 1 - 1e-12 })).toBeUndefined();
    expect(chooseEarlyExit(model, [rows], { ...options, candidates: [60, 80] })).toBeUndefined();
  });
});
