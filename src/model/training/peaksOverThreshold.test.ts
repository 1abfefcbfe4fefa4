import { fitGpdPwm, potThreshold } from './peaksOverThreshold';

/** Deterministic uniform(0, 1) stream for quantile-based samples. */
function grid(n: number): number[] {
  return Array.from({ length: n }, (_, i) => (i + 0.5) / n);
}

describe('peaks over threshold', () => {
  it('fits the exponential (γ = 0) and a heavy Pareto tail by probability-weighted moments', () => {
    const expo = grid(20_000).map((u) => -2 * Math.log(1 - u)); // σ = 2
    const e = fitGpdPwm(expo);
    expect(e.shape).toBeCloseTo(0, 1);
    expect(e.scale).toBeCloseTo(2, 1);
    const gamma = 0.3;
    const sigma = 1.5;
    const gpd = grid(20_000).map((u) => (sigma / gamma) * (Math.pow(1 - u, -gamma) - 1));
    const g = fitGpdPwm(gpd);
    expect(g.shape).toBeCloseTo(gamma, 1);
    expect(g.scale).toBeCloseTo(sigma, 1);
    expect(fitGpdPwm([])).toEqual({ shape: 0, scale: 0 });
  });

  it('extrapolates the score exceeded with probability q', () => {
    // Exponential(1) scores: P(X > z) = e^(−z), so z_q = −ln q.
    const scores = grid(50_000).map((u) => -Math.log(1 - u));
    const fit = potThreshold(scores, { q: 1e-3, level: 0.98 });
    expect(fit.initial).toBeCloseTo(-Math.log(0.02), 2);
    expect(fit.peaks).toBeCloseTo(1000, -1);
    expect(fit.threshold).toBeCloseTo(-Math.log(1e-3), 1);
    // Beyond the sample: q smaller than 1 / n still gives a finite, larger threshold.
    const far = potThreshold(scores, { q: 1e-6, level: 0.98 });
    expect(far.threshold).toBeCloseTo(-Math.log(1e-6), 0);
    expect(far.threshold).toBeGreaterThan(Math.max(...scores));
  });

  it('falls back sensibly when there is no tail to fit', () => {
    expect(potThreshold([3, 3, 3, 3], { q: 1e-3, level: 0.9 }).threshold).toBe(3);
    // q above the tail share: the initial threshold.
    expect(potThreshold(grid(100), { q: 0.5, level: 0.9 }).threshold).toBeCloseTo(0.895, 12);
    expect(() => potThreshold([1, 2], { q: 0, level: 0.9 })).toThrow(/q/);
    expect(() => potThreshold([NaN], { q: 0.1, level: 0.9 })).toThrow(/finite/);
  });
});
