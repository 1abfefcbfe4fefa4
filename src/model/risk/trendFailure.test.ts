import { chunkComponents, RowScorer } from './componentScores';
import { FailureTrend, trendPrefix, trendProbabilityAt } from './trendFailure';

/** The trend's probability at row k of a chunk, from that chunk's prefix sums (as chunkComponents does). */
function trendFailureProbability(
  z: ArrayLike<number>,
  missing: ArrayLike<number>,
  F: number,
  f: number,
  k: number,
  limitZ: number,
  trend: FailureTrend
): number {
  return trendProbabilityAt(trendPrefix(z, missing, F, f, k + 1), k, limitZ, trend);
}

const TREND: FailureTrend = { windowSteps: 40, projectSteps: 60, minSigma: 0.01 };
const F = 2; // feature 0 is the limited one, feature 1 is noise the trend must not read

/** Rows × F with feature 0 from `value(j)` and feature 1 alternating; nothing missing. */
function chunk(rows: number, value: (j: number) => number): { z: Float32Array; missing: Uint8Array } {
  const z = new Float32Array(rows * F);
  for (let j = 0; j < rows; j++) {
    z[j * F] = value(j);
    z[j * F + 1] = j % 2 ? 5 : -5;
  }
  return { z, missing: new Uint8Array(rows * F) };
}

describe('trendFailureProbability', () => {
  const k = 59;
  /** 0, then 2 in the last 10 rows up to k: a spike or a job starting, which lifts the newer half only. */
  const stepChunk = () => chunk(60, (j) => (j > k - 10 ? 2 : 0));
  it('is near 1 when a steady climb reaches the limit within the projection, near 0 when it does not', () => {
    const { z, missing } = chunk(60, (j) => 0.02 * j + 0.001 * Math.sin(j));
    // At k the value is 1.18; 60 steps on at 0.02/step it is 2.38.
    expect(trendFailureProbability(z, missing, F, 0, k, 2, TREND)).toBeGreaterThan(0.99);
    expect(trendFailureProbability(z, missing, F, 0, k, 3.5, TREND)).toBeLessThan(0.01);
  });

  it('projects nothing from a falling or flat line below the limit', () => {
    const falling = chunk(60, (j) => 1 - 0.02 * j);
    expect(trendFailureProbability(falling.z, falling.missing, F, 0, k, 1.2, TREND)).toBeLessThan(1e-3);
    const flat = chunk(60, () => 1);
    expect(trendFailureProbability(flat.z, flat.missing, F, 0, k, 1.2, TREND)).toBeLessThan(1e-3);
  });

  it('does not read a step (a spike, a job starting) as a climb: one half rises, the other does not', () => {
    const step = stepChunk();
    const ramp = chunk(60, (j) => (2 * (j - (k - 39))) / 39);
    const limit = 3;
    expect(trendFailureProbability(step.z, step.missing, F, 0, k, limit, TREND)).toBeLessThan(0.1);
    expect(trendFailureProbability(ramp.z, ramp.missing, F, 0, k, limit, TREND)).toBeGreaterThan(0.99);
  });

  it('with slopeCap, reads a climb that speeds up by its newer half, up to slopeCap × the older slope', () => {
    // y = 0.0005 j²: the older half climbs ≈ 0.030/step, the newer ≈ 0.050 (1.7× as steep). From the
    // newer half's centre, 69.5 steps on: ≈ 1.25 + 0.030 · 69.5 = 3.3 with the older slope,
    // 1.25 + 0.050 · 69.5 = 4.7 with the newer.
    const speeding = chunk(60, (j) => 0.0005 * j * j);
    const capped = { ...TREND, slopeCap: 2 };
    expect(trendFailureProbability(speeding.z, speeding.missing, F, 0, k, 4, TREND)).toBeLessThan(0.01);
    expect(trendFailureProbability(speeding.z, speeding.missing, F, 0, k, 4, { ...TREND, slopeCap: 1 })).toBe(
      trendFailureProbability(speeding.z, speeding.missing, F, 0, k, 4, TREND)
    );
    expect(trendFailureProbability(speeding.z, speeding.missing, F, 0, k, 4, capped)).toBeGreaterThan(0.99);
    // However large the cap, the slope is at most the newer half's: 5.4 stays out of reach.
    expect(
      trendFailureProbability(speeding.z, speeding.missing, F, 0, k, 5.4, { ...TREND, slopeCap: 10 })
    ).toBeLessThan(0.01);
    // A step still projects nothing: its older half does not rise.
    const step = stepChunk();
    expect(trendFailureProbability(step.z, step.missing, F, 0, k, 3, capped)).toBeLessThan(0.1);
  });

  it('skips missing points and gives up when either half has too few', () => {
    const { z, missing } = chunk(60, (j) => 0.02 * j);
    const full = trendFailureProbability(z, missing, F, 0, k, 2, TREND);
    // A few missing cells holding garbage change nothing on an exact line.
    for (const j of [k, k - 7, k - 30]) {
      missing[j * F] = 1;
      z[j * F] = 1e6;
    }
    expect(trendFailureProbability(z, missing, F, 0, k, 2, TREND)).toBeCloseTo(full, 6);
    // The newer half keeps 9 of its 20 points: fewer than a quarter of the window (10).
    for (let j = k - 19; j <= k - 9; j++) {
      missing[j * F] = 1;
    }
    expect(trendFailureProbability(z, missing, F, 0, k, 2, TREND)).toBe(0);
  });

  it('gives 0 at a chunk start, before the window holds enough rows', () => {
    const { z, missing } = chunk(60, (j) => 0.2 * j);
    expect(trendFailureProbability(z, missing, F, 0, 5, 2, TREND)).toBe(0);
    expect(trendFailureProbability(z, missing, F, 0, 30, 2, TREND)).toBeGreaterThan(0.99);
  });
});

describe('chunkComponents with a failure trend', () => {
  const none: RowScorer = { score: () => 0 };
  // LSTM outputs (next, mean, logvar) that forecast nothing: mean 0 with a tight spread.
  const outputs = (rows: number) => {
    const o = new Float32Array(rows * 3 * F);
    for (let j = 0; j < rows; j++) {
      o[j * 3 * F + 2 * F] = -6;
      o[j * 3 * F + 2 * F + 1] = -6;
    }
    return o;
  };
  it('takes the larger of the LSTM and the trend probability per limited feature, and skips context rows', () => {
    const { z, missing } = chunk(60, (j) => 0.02 * j);
    const limits = [{ feature: 0, limitZ: 2 }];
    const without = chunkComponents(z, missing, outputs(60), F, limits, none, none);
    const withTrend = chunkComponents(z, missing, outputs(60), F, limits, none, none, { trend: TREND, fromRow: 50 });
    expect(without.raw[59 * 4]).toBeLessThan(1e-6);
    expect(withTrend.raw[59 * 4]).toBeGreaterThan(0.99);
    expect(withTrend.failureByFeature[59 * F]).toBe(withTrend.raw[59 * 4]);
    expect(withTrend.failureByFeature[59 * F + 1]).toBe(0);
    // Without per-feature evidence (no contributions asked for) the components are the same.
    const lean = chunkComponents(z, missing, outputs(60), F, limits, none, none, {
      trend: TREND,
      fromRow: 50,
      perFeature: false,
    });
    expect(Array.from(lean.raw)).toEqual(Array.from(withTrend.raw));
    expect(lean.failureByFeature.length + lean.residualSq.length).toBe(0);
    // Rows before fromRow are context: nothing is computed for them.
    expect(Array.from(withTrend.raw.subarray(0, 50 * 4)).every((v) => v === 0)).toBe(true);
  });
});
