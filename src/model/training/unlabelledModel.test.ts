import { alertFiring } from '../risk/alertEpisodes';
import { clippedLogit } from '../risk/normalCdf';
import { firingShare, labelFreeCalibration, ruleForFiringRate, sortedQuantile } from './unlabelledModel';

describe('label-free calibration and thresholds', () => {
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
