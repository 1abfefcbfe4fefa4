/**
 * Peaks-over-threshold (POT) alert thresholds, as SPOT / OmniAnomaly set them: on scores of normal
 * (held-out training) data, take an initial threshold t at the `level` quantile, fit a generalised
 * Pareto distribution (GPD) to the excesses over t, and extrapolate the score exceeded with
 * probability `q`:
 *   z_q = t + (σ / γ) · ((q · n / N_t)^(−γ) − 1)      (γ ≠ 0;  t − σ · ln(q · n / N_t) for γ = 0)
 * with n scores and N_t excesses. The GPD is fitted by probability-weighted moments (Hosking &
 * Wallis 1987), which is closed-form and stays defined for heavy tails (γ up to 1).
 */
export interface PotOptions {
  /** Risk: the share of normal steps the threshold should be exceeded by. */
  q: number;
  /** Quantile of the scores used as the initial threshold t. */
  level: number;
}

export interface PotFit {
  threshold: number;
  initial: number;
  shape: number;
  scale: number;
  peaks: number;
}

/** GPD shape γ and scale σ of excesses (all ≥ 0) by probability-weighted moments. */
export function fitGpdPwm(excesses: ArrayLike<number>): { shape: number; scale: number } {
  const y = Float64Array.from(excesses).sort();
  const n = y.length;
  if (n < 2) {
    return { shape: 0, scale: n === 1 ? Math.max(y[0], 0) : 0 };
  }
  let a0 = 0;
  let a1 = 0;
  for (let j = 0; j < n; j++) {
    a0 += y[j];
    a1 += ((n - 1 - j) / (n - 1)) * y[j];
  }
  a0 /= n;
  a1 /= n;
  const d = a0 - 2 * a1;
  if (!(a0 > 0) || !(d > 0)) {
    return { shape: 0, scale: Math.max(a0, 0) };
  }
  return { shape: 2 - a0 / d, scale: (2 * a0 * a1) / d };
}

export function potThreshold(scores: ArrayLike<number>, options: PotOptions): PotFit {
  const { q, level } = options;
  if (!(q > 0 && q < 1) || !(level > 0 && level < 1)) {
    throw new Error(`POT: q ${q} and level ${level} must lie in (0, 1)`);
  }
  const sorted = Float64Array.from(scores).filter((v) => Number.isFinite(v)).sort();
  const n = sorted.length;
  if (n === 0) {
    throw new Error('POT: no finite score');
  }
  const initial = sorted[Math.min(n - 1, Math.max(0, Math.ceil(level * n) - 1))];
  const excesses = Array.from(sorted.filter((v) => v > initial), (v) => v - initial);
  const peaks = excesses.length;
  const { shape, scale } = fitGpdPwm(excesses);
  const ratio = (q * n) / Math.max(peaks, 1);
  if (peaks === 0 || ratio >= 1 || !(scale > 0)) {
    // Too few excesses to extrapolate from (or q not in the tail): the largest score seen.
    return { threshold: peaks === 0 || !(scale > 0) ? sorted[n - 1] : initial, initial, shape, scale, peaks };
  }
  const threshold = Math.abs(shape) < 1e-9 ? initial - scale * Math.log(ratio) : initial + (scale / shape) * (Math.pow(ratio, -shape) - 1);
  return { threshold, initial, shape, scale, peaks };
}
