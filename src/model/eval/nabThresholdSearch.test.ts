import { NabFileInput } from './nabEvaluation';
import { nabScore, NAB_PROFILES } from './nabScorer';
import { bestNabOverThresholds, thresholdCandidates } from './nabThresholdSearch';

const STEP = 300_000;
const ROWS = 100;
const file: NabFileInput = {
  name: 'synthetic/one-window.csv',
  timestamps: Float64Array.from({ length: ROWS }, (_, i) => i * STEP),
  values: new Float64Array(ROWS),
  windows: [[60 * STEP, 70 * STEP]],
};

/** A risk of 0.1 with a false spike of 0.8 at row 20 and a true one of 0.95 at row 62. */
const scores = Float64Array.from({ length: ROWS }, (_, i) => (i === 20 ? 0.8 : i === 62 ? 0.95 : 0.1));
const rule = { minDurationSteps: 1, hysteresis: 0.15 };

/** NAB's score for detections at exactly these rows. */
function scoreAt(rows: number[]) {
  const anomalyScores = Float64Array.from({ length: ROWS }, (_, i) => (rows.includes(i) ? 1 : 0));
  return nabScore([{ ...file, anomalyScores }], 0.5, NAB_PROFILES.standard).normalised;
}

describe('bestNabOverThresholds', () => {
  it('finds the threshold that drops the false detection and keeps the true one', () => {
    const search = bestNabOverThresholds(
      [{ file, scores, suppressRows: 0 }],
      rule,
      NAB_PROFILES,
      [0.05, 0.7, 0.9, 0.99]
    );
    expect(search.candidates).toBe(4);
    expect(search.best.standard.threshold).toBe(0.9);
    expect(search.best.standard.score).toBeCloseTo(scoreAt([62]), 12);
    // The lower threshold also fires on the false spike, which the standard profile charges for.
    expect(scoreAt([20, 62])).toBeLessThan(search.best.standard.score);
    // Above every spike nothing is detected: the null detector's 0.
    expect(scoreAt([])).toBeCloseTo(0, 12);
  });

  it('applies the minimum duration: a one-row spike never fires a two-row rule', () => {
    const search = bestNabOverThresholds(
      [{ file, scores, suppressRows: 0 }],
      { ...rule, minDurationSteps: 2 },
      NAB_PROFILES,
      [0.7, 0.9]
    );
    expect(search.best.standard.score).toBeCloseTo(0, 12);
  });

  it('refuses an empty search', () => {
    expect(() => bestNabOverThresholds([], rule, NAB_PROFILES, [0.5])).toThrow(/at least one file/);
  });
});

describe('thresholdCandidates', () => {
  it('are sorted, distinct quantiles of the pooled finite scores from the 1st percentile up', () => {
    const series = [Float64Array.from({ length: 1000 }, (_, i) => i / 1000), Float64Array.from([NaN, Infinity])];
    const c = thresholdCandidates(series, 10);
    expect(c[0]).toBeCloseTo(0.01, 3);
    expect(c[c.length - 1]).toBeGreaterThan(0.99);
    expect([...c].sort((a, b) => a - b)).toEqual(c);
    expect(new Set(c).size).toBe(c.length);
    expect(() => thresholdCandidates([Float64Array.from([NaN])])).toThrow(/no finite score/);
  });
});
