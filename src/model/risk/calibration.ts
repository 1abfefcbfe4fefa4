import { clippedLogit, logistic } from './normalCdf';

/**
 * The calibration layer: the components, smoothed causally, become one probability.
 *   s_i(k) = α·x_i(k) + (1 − α)·s_i(k − 1),  s_i(0) = x_i(0)      (per chunk, warm-up included)
 *   features = [logit(s_failure), s_residual, s_isolation, s_baseline]
 *   risk = logistic(bias + Σ weights_i · (features_i − center_i) / scale_i)            (weightedSum)
 *   risk = logistic(bias + (Σ weights) · median over parts with weight > 0 of the same)   (median)
 * Centering and scaling are fitted with the weights so the weights are comparable.
 */
export interface Calibration {
  smoothingAlpha: number;
  center: number[];
  scale: number[];
  weights: number[];
  bias: number;
  /**
   * How the standardised parts are combined: `weightedSum` (absent: the same) or `median`, a vote
   * of the parts with a positive weight, so that one part alone running high (one drifting
   * detector) does not raise the risk; at least half of them must agree. Label-free models use it.
   */
  combine?: CalibrationCombine;
}

export type CalibrationCombine = 'weightedSum' | 'median';

/**
 * The risk's log-odds from the standardised parts of one step (`row[at + i]` = (features_i −
 * center_i) / scale_i), by the calibration's combination. A row and offset rather than a copy or
 * a closure: this runs once per scored step. The Go runtime's calibratedLogit mirrors it.
 */
export function calibratedLogit(row: ArrayLike<number>, at: number, calibration: Calibration): number {
  const { weights, bias } = calibration;
  if (calibration.combine !== 'median') {
    let logit = bias;
    for (let i = 0; i < 4; i++) {
      if (weights[i] !== 0) {
        logit += weights[i] * row[at + i];
      }
    }
    return logit;
  }
  const vote = medianVote(row, at, weights);
  return vote ? bias + vote.gain * vote.agreed : bias;
}

/**
 * Each part's pull on the log-odds at one step, for explanations: weights_i · feature_i for a
 * weighted sum; for a median vote, weights_i · min(feature_i, median) over the voting parts, so a
 * part far above the others (one drifting detector, which the vote ignored) is credited no more
 * than the level the vote agreed on. The Go runtime's partPulls mirrors it.
 */
export function partPulls(row: ArrayLike<number>, at: number, calibration: Calibration): number[] {
  const { weights } = calibration;
  if (calibration.combine !== 'median') {
    return weights.map((w, i) => w * row[at + i]);
  }
  const vote = medianVote(row, at, weights);
  return weights.map((w, i) => (vote && w > 0 ? w * Math.min(row[at + i], vote.agreed) : 0));
}

/**
 * The vote of the parts with a positive weight: their median (`agreed`) and the sum of their
 * weights (`gain`); null when no part votes. The Go runtime's medianVote mirrors it.
 */
function medianVote(row: ArrayLike<number>, at: number, weights: number[]): { agreed: number; gain: number } | null {
  const votes: number[] = [];
  let gain = 0;
  for (let i = 0; i < 4; i++) {
    if (weights[i] > 0) {
      votes.push(row[at + i]);
      gain += weights[i];
    }
  }
  return votes.length === 0 ? null : { agreed: median(votes), gain };
}

/**
 * Median of a few numbers (the mean of the middle two for an even count); sorts `values` in place
 * by insertion, as the Go runtime's medianOf does, so both order any value the same way.
 */
function median(values: number[]): number {
  for (let i = 1; i < values.length; i++) {
    for (let j = i; j > 0 && values[j] < values[j - 1]; j--) {
      [values[j], values[j - 1]] = [values[j - 1], values[j]];
    }
  }
  const mid = values.length >> 1;
  return values.length % 2 === 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

/**
 * The standardised calibration features of every step of a chunk (seqLen × 4), and the smoothed
 * components they are made from (the values the API reports as parts of the risk).
 */
export function calibrationFeatures(
  raw: Float64Array,
  alpha: number,
  center: number[],
  scale: number[]
): { features: Float64Array; smoothed: Float64Array } {
  const steps = raw.length / 4;
  const features = new Float64Array(raw.length);
  const smoothed = new Float64Array(raw.length);
  for (let k = 0; k < steps; k++) {
    for (let i = 0; i < 4; i++) {
      const x = raw[k * 4 + i];
      const s = k === 0 ? x : alpha * x + (1 - alpha) * smoothed[(k - 1) * 4 + i];
      smoothed[k * 4 + i] = s;
      const feature = i === 0 ? clippedLogit(s) : s;
      features[k * 4 + i] = (feature - center[i]) / scale[i];
    }
  }
  return { features, smoothed };
}

export function riskFromFeatures(features: Float64Array, k: number, calibration: Calibration): number {
  return logistic(calibratedLogit(features, k * 4, calibration));
}

export interface LogisticFitOptions {
  l2: number;
  iterations: number;
  /** Weight of positive examples; failures are rare, and unweighted fits learn "never". */
  positiveWeight: number;
}

/**
 * Weighted L2-regularised logistic regression by Newton's method (4 features, so the Hessian is
 * tiny). Deterministic: no sampling, fixed iteration count.
 */
export function fitLogistic(
  X: Float64Array,
  y: Uint8Array,
  options: LogisticFitOptions
): { weights: number[]; bias: number } {
  const D = 5; // bias + 4
  const n = y.length;
  const beta = new Float64Array(D);
  for (let iter = 0; iter < options.iterations; iter++) {
    const grad = new Float64Array(D);
    const hess = new Float64Array(D * D);
    for (let r = 0; r < n; r++) {
      const x = [1, X[r * 4], X[r * 4 + 1], X[r * 4 + 2], X[r * 4 + 3]];
      let eta = 0;
      for (let d = 0; d < D; d++) {
        eta += beta[d] * x[d];
      }
      const p = logistic(eta);
      const w = y[r] ? options.positiveWeight : 1;
      for (let a = 0; a < D; a++) {
        grad[a] += w * (p - y[r]) * x[a];
        for (let b = 0; b < D; b++) {
          hess[a * D + b] += w * p * (1 - p) * x[a] * x[b];
        }
      }
    }
    for (let d = 1; d < D; d++) {
      grad[d] += options.l2 * beta[d];
      hess[d * D + d] += options.l2;
    }
    hess[0] += 1e-9;
    const delta = solve(hess, grad, D);
    for (let d = 0; d < D; d++) {
      beta[d] -= delta[d];
    }
  }
  return { bias: beta[0], weights: Array.from(beta.subarray(1)) };
}

/** The objective fitLogistic minimises: weighted log-loss plus l2/2 · |weights|² (bias not penalised). */
export function logisticObjective(
  X: Float64Array,
  y: Uint8Array,
  fit: { weights: number[]; bias: number },
  options: LogisticFitOptions
): number {
  let loss = 0;
  for (let r = 0; r < y.length; r++) {
    let eta = fit.bias;
    for (let i = 0; i < 4; i++) {
      eta += fit.weights[i] * X[r * 4 + i];
    }
    // log(1 + e^−η) for y = 1 and log(1 + e^η) for y = 0, without overflow.
    const m = y[r] ? -eta : eta;
    const w = y[r] ? options.positiveWeight : 1;
    loss += w * (m > 0 ? m + Math.log1p(Math.exp(-m)) : Math.log1p(Math.exp(m)));
  }
  return loss + (options.l2 / 2) * fit.weights.reduce((a, v) => a + v * v, 0);
}

/**
 * fitLogistic with every weight ≥ 0, so that risk never falls as a part's evidence rises (an SRE
 * reading "memory drives this risk" can trust the direction). With 4 parts the constrained
 * optimum is found exactly: it is the unconstrained optimum on its own support, so the best of
 * the fits on each subset of parts whose weights all come out ≥ 0 is it.
 */
export function fitMonotoneLogistic(
  X: Float64Array,
  y: Uint8Array,
  options: LogisticFitOptions
): { weights: number[]; bias: number } {
  const full = fitLogistic(X, y, options);
  if (full.weights.every((w) => w >= 0)) {
    return full;
  }
  // Mask 15 (the bias alone) always qualifies, so a best is found unless every objective is NaN.
  let best: { weights: number[]; bias: number } | null = null;
  let bestLoss = Infinity;
  for (let mask = 1; mask < 16; mask++) {
    // Bit i set: part i held at 0 (its column zeroed, so Newton leaves its weight at 0).
    const masked = X.map((v, k) => ((mask >> (k % 4)) & 1 ? 0 : v));
    const fit = fitLogistic(masked, y, options);
    if (fit.weights.some((w, i) => w < 0 && !((mask >> i) & 1))) {
      continue;
    }
    const weights = fit.weights.map((w, i) => ((mask >> i) & 1 ? 0 : w));
    const loss = logisticObjective(X, y, { weights, bias: fit.bias }, options);
    if (loss < bestLoss) {
      best = { weights, bias: fit.bias };
      bestLoss = loss;
    }
  }
  if (!best) {
    throw new Error('calibration: the logistic fit is not finite on these rows (a non-finite calibration feature?)');
  }
  return best;
}

/** Gaussian elimination with partial pivoting for the small Newton system. */
function solve(A: Float64Array, b: Float64Array, n: number): Float64Array {
  const M = Float64Array.from(A);
  const v = Float64Array.from(b);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) {
      if (Math.abs(M[r * n + c]) > Math.abs(M[pivot * n + c])) {
        pivot = r;
      }
    }
    if (pivot !== c) {
      for (let k = 0; k < n; k++) {
        [M[c * n + k], M[pivot * n + k]] = [M[pivot * n + k], M[c * n + k]];
      }
      [v[c], v[pivot]] = [v[pivot], v[c]];
    }
    const diag = M[c * n + c] || 1e-12;
    for (let r = c + 1; r < n; r++) {
      const factor = M[r * n + c] / diag;
      for (let k = c; k < n; k++) {
        M[r * n + k] -= factor * M[c * n + k];
      }
      v[r] -= factor * v[c];
    }
  }
  const x = new Float64Array(n);
  for (let r = n - 1; r >= 0; r--) {
    let sum = v[r];
    for (let k = r + 1; k < n; k++) {
      sum -= M[r * n + k] * x[k];
    }
    x[r] = sum / (M[r * n + r] || 1e-12);
  }
  return x;
}
