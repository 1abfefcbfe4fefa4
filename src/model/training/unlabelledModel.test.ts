import { alertFiring } from '../risk/alertEpisodes';
import { clippedLogit, logistic } from '../risk/normalCdf';
import {
  calibrationLogit,
  calibrationStartRow,
  firingShare,
  labelFreeCalibration,
  partReliabilityWeights,
  ruleForFiringRate,
  ruleForPot,
  sortedQuantile,
} from './unlabelledModel';

describe('label-free calibration and thresholds', () => {
  it('starts the calibration rows after the fitted ones or after the first warm-up', () => {
    expect(calibrationStartRow('heldOut', 500, 24, 750)).toBe(500);
    expect(calibrationStartRow('all', 750, 24, 750)).toBe(24);
    expect(() => calibrationStartRow('heldOut', 750, 24, 750)).toThrow(/no training row left to calibrate on/);
  });

  it('takes nearest-rank quantiles', () => {
    const s = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(sortedQuantile(s, 0.5)).toBe(5);
    expect(sortedQuantile(s, 0.99)).toBe(10);
    expect(sortedQuantile(s, 0)).toBe(1);
    expect(() => sortedQuantile(new Float64Array(0), 0.5)).toThrow(/empty/);
  });

  it('standardises each varying part by its median and 99th percentile and weights them equally', () => {
    // 100 steps: failure always 0 (constant), residual k, isolation 2k, baseline 5.
    const c = new Float64Array(400);
    for (let k = 0; k < 100; k++) {
      c.set([0, k, 2 * k, 5], k * 4);
    }
    const cal = labelFreeCalibration([c], 0.5, 3);
    expect(cal.center).toEqual([0, 49, 98, 0]);
    expect(cal.scale).toEqual([1, 98 - 49, 196 - 98, 1]);
    expect(cal.weights).toEqual([0, 1.5, 1.5, 0]);
    expect(cal.bias).toBe(-3);
    expect(clippedLogit(0)).toBeLessThan(0); // the failure part's constant log-odds carries no weight
    expect(() => labelFreeCalibration([new Float64Array(8)], 0.5, 1)).toThrow(/constant/);
  });

  it('builds a median calibration: equal weights over the varying parts, whatever the weighting', () => {
    const c = new Float64Array(400);
    for (let k = 0; k < 100; k++) {
      c.set([0, k, 2 * k, 5 + (k % 7)], k * 4);
    }
    const cal = labelFreeCalibration([c], 0.5, 3, 'reliability', 'median');
    expect(cal.combine).toBe('median');
    expect(cal.weights).toEqual([0, 1, 1, 1]);
    expect(cal.bias).toBe(-3);
    // One part far above its q99 alone does not move the vote; two do.
    const one = Float64Array.from([0, 1000, cal.center[2], cal.center[3]]);
    const two = Float64Array.from([0, 1000, 1000, cal.center[3]]);
    expect(calibrationLogit(one, cal)[0]).toBeCloseTo(-3, 12);
    expect(calibrationLogit(two, cal)[0]).toBeGreaterThan(10);
    expect(labelFreeCalibration([c], 0.5, 3, 'reliability').combine).toBeUndefined();
  });

  it('weights parts by the inverse of their held-out false-firing rate', () => {
    // 200 steps: residual stationary (a repeating ramp), isolation drifts upward in the second half.
    const c = new Float64Array(800);
    for (let k = 0; k < 200; k++) {
      c.set([0, k % 10, k < 100 ? k % 10 : 5 + (k % 10), 1], k * 4);
    }
    // residual: first-half q99 = 9, nothing above it later → rate floored at 1 %; isolation: q99 9,
    // second half 5..14 → 50 of 100 above → rate 50 %. Weights ∝ 100 : 2, summing to the gain.
    const w = partReliabilityWeights([c], [false, true, true, false], 3);
    expect(w[0]).toBe(0);
    expect(w[3]).toBe(0);
    expect(w[1] / w[2]).toBeCloseTo(50, 10);
    expect(w[1] + w[2]).toBeCloseTo(3, 12);
    const cal = labelFreeCalibration([c], 0.5, 3, 'reliability');
    expect(cal.weights).toEqual(w.map((x, i) => (i === 3 ? 0 : x)));
  });

  it('computes the risk log-odds from smoothed components and thresholds it by POT', () => {
    const c = Float64Array.from([0.5, 2, 3, 4, 0.5, 4, 5, 6]);
    const cal = {
      smoothingAlpha: 0.5,
      center: [0, 1, 1, 1],
      scale: [1, 2, 2, 2],
      weights: [0, 1, 0.5, 0.25],
      bias: -1,
    };
    const logit = calibrationLogit(c, cal);
    expect(logit[0]).toBeCloseTo(-1 + 1 * 0.5 + 0.5 * 1 + 0.25 * 1.5, 12);
    expect(logit[1]).toBeCloseTo(-1 + 1 * 1.5 + 0.5 * 2 + 0.25 * 2.5, 12);
    expect(logistic(logit[1])).toBeGreaterThan(logistic(logit[0]));
    const scores = Float64Array.from({ length: 20_000 }, (_, i) => -Math.log(1 - (i + 0.5) / 20_000));
    const rule = ruleForPot([scores.subarray(0, 10_000), scores.subarray(10_000)], { q: 1e-3, level: 0.98 }, 2, 0.1);
    expect(rule.threshold).toBeCloseTo(-Math.log(1e-3), 1);
    expect(rule.minDurationSteps).toBe(2);
    expect(rule.clearBelow).toBeCloseTo(rule.threshold * 0.9, 12);
  });

  it('picks the lowest threshold whose rule flags at most the given share of steps', () => {
    const scores = Float64Array.from({ length: 100 }, (_, k) => k); // 0..99
    const rule = ruleForFiringRate([scores], 0.05, 1, 0);
    expect(rule.threshold).toBe(95);
    expect(firingShare([scores], rule)).toBeCloseTo(0.05, 12);
    const never = ruleForFiringRate([scores], 0, 1, 0);
    expect(never.threshold).toBeGreaterThan(99);
    expect(alertFiring(scores, never).every((f) => f === 0)).toBe(true);
    // Hysteresis keeps an alert on below the threshold, so a higher threshold is needed for the same share.
    const wave = Float64Array.from({ length: 200 }, (_, k) => (k % 20 < 10 ? k % 20 : 20 - (k % 20)));
    const plain = ruleForFiringRate([wave], 0.2, 1, 0);
    const sticky = ruleForFiringRate([wave], 0.2, 1, 0.5);
    expect(sticky.threshold).toBeGreaterThan(plain.threshold);
    expect(sticky.clearBelow).toBeCloseTo(sticky.threshold * 0.5, 12);
    expect(ruleForFiringRate([scores], 0, 1, 0, 50).threshold).toBe(50);
  });
});
