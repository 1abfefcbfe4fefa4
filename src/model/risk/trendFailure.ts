import { normalCdf } from './normalCdf';

/**
 * The failure part's second forecaster: straight lines through a limited feature's recent values,
 * projected ahead — what Prometheus' predict_linear does for "disk full in 4 h" alerts. The LSTM
 * forecasts the shape of normal behaviour well but flattens steady climbs towards a limit (a leak,
 * a filling disk, descriptors piling up), which is exactly what precedes most failures.
 *
 * The window is split in two halves and each gets its own least-squares line; the climb used is the
 * smaller of the two slopes. A step (a load spike, a job starting) lifts one half only and so
 * projects nothing, while a real climb rises through both. The line of the newer half gives the
 * level and the prediction interval; the probability is that of the value `projectSteps` ahead
 * being at or past the limit.
 */
export interface FailureTrend {
  /**
   * Points the two lines are fitted through: the current step and those before it in the chunk,
   * 2·⌊windowSteps / 2⌋ of them (6 … the warm-up + 1, so a scored step always has its full window).
   */
  windowSteps: number;
  /** How far ahead the line is read, in steps. */
  projectSteps: number;
  /** Floor of the residual standard deviation, in normalised units (a clean line is not certainty). */
  minSigma: number;
}

interface LineFit {
  n: number;
  /** Mean offset (steps, relative to k) and mean value of the points. */
  mx: number;
  my: number;
  sxx: number;
  slope: number;
  sse: number;
}

/**
 * Least squares over the present points first … last of feature f, in one pass of sums (x is the
 * offset from k, so the sums stay small and exact in float64). The Go runtime computes the same
 * sums in the same order.
 */
function fitLine(z: ArrayLike<number>, missing: ArrayLike<number>, F: number, f: number, first: number, last: number, k: number): LineFit {
  let n = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let j = first; j <= last; j++) {
    if (!missing[j * F + f]) {
      const x = j - k;
      const y = z[j * F + f];
      n++;
      sx += x;
      sy += y;
      sxx += x * x;
      sxy += x * y;
      syy += y * y;
    }
  }
  if (n === 0) {
    return { n, mx: 0, my: 0, sxx: 0, slope: 0, sse: 0 };
  }
  const mx = sx / n;
  const my = sy / n;
  const cxx = sxx - sx * mx;
  const cxy = sxy - sx * my;
  const slope = cxx > 0 ? cxy / cxx : 0;
  return { n, mx, my, sxx: cxx, slope, sse: Math.max(0, syy - sy * my - slope * cxy) };
}

/** Fewer present points than this in either half: no trend (probability 0). */
export function minHalfPoints(trend: FailureTrend): number {
  return Math.max(3, Math.ceil(trend.windowSteps / 4));
}

/**
 * P(value at k + projectSteps >= limitZ) for feature f of a chunk (row-major rows × F, normalised),
 * from the points k − windowSteps + 1 … k that exist in the chunk and are not missing.
 * The Go runtime (pkg/model/trend.go) computes the same sums in the same order.
 */
export function trendFailureProbability(
  z: ArrayLike<number>,
  missing: ArrayLike<number>,
  F: number,
  f: number,
  k: number,
  limitZ: number,
  trend: FailureTrend
): number {
  const half = Math.floor(trend.windowSteps / 2);
  const older = fitLine(z, missing, F, f, Math.max(0, k - 2 * half + 1), k - half, k);
  const newer = fitLine(z, missing, F, f, Math.max(0, k - half + 1), k, k);
  const minPoints = minHalfPoints(trend);
  if (older.n < minPoints || newer.n < minPoints) {
    return 0;
  }
  const slope = Math.min(older.slope, newer.slope);
  const sigma = Math.max(Math.sqrt((older.sse + newer.sse) / (older.n + newer.n - 4)), trend.minSigma);
  const ahead = trend.projectSteps - newer.mx;
  const mean = newer.my + slope * ahead;
  const spread = sigma * Math.sqrt(1 + 1 / newer.n + (ahead * ahead) / newer.sxx);
  return 1 - normalCdf((limitZ - mean) / spread);
}
