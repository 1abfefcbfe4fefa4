import { normalCdf } from './normalCdf';

/**
 * The failure part's second forecaster: straight lines through a limited feature's recent values,
 * projected ahead — what Prometheus' predict_linear does for "disk full in 4 h" alerts. The LSTM
 * forecasts the shape of normal behaviour well but flattens steady climbs towards a limit (a leak,
 * a filling disk, descriptors piling up), which is exactly what precedes most failures.
 *
 * The window is split in two halves and each gets its own least-squares line; the climb used is the
 * smaller of the two slopes. A step (a load spike, a job starting) lifts one half only and so
 * projects nothing, while a real climb rises through both. Where both halves rise, the newer one
 * may be up to `slopeCap` times as steep as the older and still count: leaks and runaways speed up
 * as they go, and the older half's slope alone projects them too late. The line of the newer half gives the
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
  /**
   * With both halves rising, the slope is min(newer, slopeCap · older); otherwise the smaller of the
   * two. At least 1; absent (models trained before it) means 1, the smaller slope always.
   */
  slopeCap?: number;
}

/** A fitted line: count, mean offset (steps, relative to k), mean value, Sxx, slope, SSE. */
const N = 0;
const MX = 1;
const MY = 2;
const SXX = 3;
const SLOPE = 4;
const SSE = 5;
// Scratch for the two half-window lines (the hot loop allocates nothing; JS runs it synchronously).
const olderFit = new Float64Array(6);
const newerFit = new Float64Array(6);

/**
 * Prefix sums of one feature over a chunk's rows, present cells only: entry r sums rows 0 … r − 1
 * (count, row index j, value y, j², j·y, y²), six arrays of rows + 1 laid end to end. A window's
 * sums are then two reads instead of a pass over it. Row indices are exact in float64; the Go
 * runtime builds the same sums in the same order.
 */
export type TrendPrefix = Float64Array;

export function trendPrefix(
  z: ArrayLike<number>,
  missing: ArrayLike<number>,
  F: number,
  f: number,
  rows: number,
  out?: Float64Array
): TrendPrefix {
  const L = rows + 1;
  // A caller scoring many chunks passes its own buffer (at least 6 · (rows + 1)) to spare the GC.
  const p = out && out.length >= 6 * L ? out.subarray(0, 6 * L) : new Float64Array(6 * L);
  for (let c = 0; c < 6; c++) {
    p[c * L] = 0;
  }
  let n = 0;
  let sj = 0;
  let sy = 0;
  let sjj = 0;
  let sjy = 0;
  let syy = 0;
  for (let r = 0; r < rows; r++) {
    if (!missing[r * F + f]) {
      const y = z[r * F + f];
      n += 1;
      sj += r;
      sy += y;
      sjj += r * r;
      sjy += r * y;
      syy += y * y;
    }
    p[r + 1] = n;
    p[L + r + 1] = sj;
    p[2 * L + r + 1] = sy;
    p[3 * L + r + 1] = sjj;
    p[4 * L + r + 1] = sjy;
    p[5 * L + r + 1] = syy;
  }
  return p;
}

/** Least squares over the present points first … last (clipped at row 0), from the prefix sums, into `out`. */
function fitLine(p: TrendPrefix, first: number, last: number, k: number, out: Float64Array): void {
  const L = p.length / 6;
  const a = Math.max(0, first);
  const b = last + 1;
  const n = last < a ? 0 : p[b] - p[a];
  if (n === 0) {
    out.fill(0);
    return;
  }
  const sj = p[L + b] - p[L + a];
  const sy = p[2 * L + b] - p[2 * L + a];
  const sjj = p[3 * L + b] - p[3 * L + a];
  const sjy = p[4 * L + b] - p[4 * L + a];
  const syy = p[5 * L + b] - p[5 * L + a];
  const mj = sj / n;
  const my = sy / n;
  const cxx = sjj - sj * mj;
  const cxy = sjy - sj * my;
  const slope = cxx > 0 ? cxy / cxx : 0;
  out[N] = n;
  out[MX] = mj - k;
  out[MY] = my;
  out[SXX] = cxx;
  out[SLOPE] = slope;
  out[SSE] = Math.max(0, syy - sy * my - slope * cxy);
}

/** Fewer present points than this in either half: no trend (probability 0). */
export function minHalfPoints(trend: FailureTrend): number {
  return Math.max(3, Math.ceil(trend.windowSteps / 4));
}

/**
 * P(value at k + projectSteps >= limitZ) for the feature whose prefix sums `p` holds, from the
 * chunk's present points k − 2·⌊windowSteps/2⌋ + 1 … k.
 */
export function trendProbabilityAt(p: TrendPrefix, k: number, limitZ: number, trend: FailureTrend): number {
  const half = Math.floor(trend.windowSteps / 2);
  const older = olderFit;
  const newer = newerFit;
  fitLine(p, k - 2 * half + 1, k - half, k, older);
  fitLine(p, k - half + 1, k, k, newer);
  const minPoints = minHalfPoints(trend);
  if (older[N] < minPoints || newer[N] < minPoints) {
    return 0;
  }
  const cap = trend.slopeCap ?? 1;
  const olderSlope = older[SLOPE] > 0 && newer[SLOPE] > 0 ? cap * older[SLOPE] : older[SLOPE];
  const slope = Math.min(olderSlope, newer[SLOPE]);
  const sigma = Math.max(Math.sqrt((older[SSE] + newer[SSE]) / (older[N] + newer[N] - 4)), trend.minSigma);
  const ahead = trend.projectSteps - newer[MX];
  const mean = newer[MY] + slope * ahead;
  const spread = sigma * Math.sqrt(1 + 1 / newer[N] + (ahead * ahead) / newer[SXX]);
  return 1 - normalCdf((limitZ - mean) / spread);
}
