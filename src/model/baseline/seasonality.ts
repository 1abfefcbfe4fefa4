/**
 * Time-of-day buckets and daily-cycle detection for the robust baseline.
 *
 * BUCKET (both runtimes): with D = periodMs (86,400,000 for a day, UTC) and B buckets,
 *   t' = floor(t); r = ((t' mod D) + D) mod D   (mod keeps the dividend's sign, as JS % and Go math.Mod);
 *   bucket = floor((r * B) / D).
 * Equal to floor(((t mod D) / D) * B) in exact arithmetic; computed this way because r * B < 2^53 is exact
 * (B * D <= 2^53 is enforced), so there is no rounding at bucket boundaries.
 *
 * DETECTION (TypeScript only, at fit time) — detectDailySeasonality(values, timestampsMs, stepMs):
 *   L = 86,400,000 / stepMs steps per day (stepMs must divide a day). Samples go on the grid
 *   k = round((t - t0) / stepMs); NaN values are gaps. Needs a grid of N >= 3L steps (3 days).
 *   The present values are detrended by least squares on k (a linear trend, e.g. a filling disk, is not
 *   a cycle); e = residuals, v = mean(e^2). ACF(lag) = mean over present pairs (k, k + lag) of e_k e_{k+lag},
 *   divided by v. Daily seasonality iff
 *     ACF(L) >= minAutocorrelation (default 0.3)  — values one day apart move together, and
 *     ACF(L) - ACF(floor(L / 2)) >= minContrast (default 0.2) — more than values half a day apart, which
 *       rules out slow drifts and random walks (they correlate at every lag, most at the shorter one).
 *   Needs at least L present pairs at lag L; v = 0 (a constant after detrending) is never seasonal.
 */
import { BaselineInputError, BaselineOptionsError } from './errors';

export const DAY_MS = 86_400_000;
const MAX_EXACT = 9007199254740992; // 2^53

/** Time-of-day bucket of a timestamp (see BUCKET above). */
export function timeBucket(timestampMs: number, buckets: number, periodMs = DAY_MS): number {
  const t = Math.floor(timestampMs);
  const r = ((t % periodMs) + periodMs) % periodMs;
  return Math.floor((r * buckets) / periodMs);
}

/** Throws unless `buckets` and `periodMs` give exact bucket arithmetic. */
export function checkBuckets(buckets: number, periodMs: number): void {
  if (!Number.isSafeInteger(periodMs) || periodMs < 1) {
    throw new BaselineOptionsError(`periodMs must be a positive integer, got ${periodMs}`);
  }
  if (!Number.isSafeInteger(buckets) || buckets < 1 || buckets > periodMs || buckets * periodMs > MAX_EXACT) {
    throw new BaselineOptionsError(
      `buckets must be an integer in [1, ${periodMs}] with buckets × periodMs <= 2^53, got ${buckets}`
    );
  }
}

export interface SeasonalityOptions {
  /** Minimum ACF at the one-day lag (default 0.3). */
  minAutocorrelation?: number;
  /** Minimum ACF(1 day) − ACF(half a day) (default 0.2). */
  minContrast?: number;
}

export type SeasonalityVerdict = 'daily-cycle' | 'too-short' | 'too-sparse' | 'flat' | 'weak' | 'no-contrast';

export interface SeasonalityResult {
  seasonal: boolean;
  verdict: SeasonalityVerdict;
  /** Grid length in days (N / L). */
  days: number;
  /** L: steps in a day. */
  lagSteps: number;
  /** ACF at one day and at half a day (NaN when not computed). */
  acfDay: number;
  acfHalfDay: number;
}

export function detectDailySeasonality(
  values: ArrayLike<number>,
  timestampsMs: ArrayLike<number>,
  stepMs: number,
  options: SeasonalityOptions = {}
): SeasonalityResult {
  const minAcf = options.minAutocorrelation ?? 0.3;
  const minContrast = options.minContrast ?? 0.2;
  if (!Number.isSafeInteger(stepMs) || stepMs < 1 || DAY_MS % stepMs !== 0 || DAY_MS / stepMs < 2) {
    throw new BaselineOptionsError(
      `stepMs must be a positive integer that divides a day into >= 2 steps, got ${stepMs}`
    );
  }
  if (values.length !== timestampsMs.length) {
    throw new BaselineInputError(`${values.length} values but ${timestampsMs.length} timestamps`);
  }
  const L = DAY_MS / stepMs;
  const n = values.length;
  const result = (verdict: SeasonalityVerdict, days: number, acfDay = NaN, acfHalfDay = NaN): SeasonalityResult => ({
    seasonal: verdict === 'daily-cycle',
    verdict,
    days,
    lagSteps: L,
    acfDay,
    acfHalfDay,
  });
  if (n === 0) {
    return result('too-short', 0);
  }
  const t0 = timestampsMs[0];
  let previous = -1;
  const slots = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t = timestampsMs[i];
    if (!Number.isFinite(t)) {
      throw new BaselineInputError(`timestamp ${i} is ${t}`, i);
    }
    if (!Number.isFinite(values[i]) && !Number.isNaN(values[i])) {
      throw new BaselineInputError(`value ${i} is ${values[i]}; use NaN for a gap`, i);
    }
    const k = Math.round((t - t0) / stepMs);
    if (k <= previous) {
      throw new BaselineInputError(
        `timestamp ${i} (${t}) does not advance to a new ${stepMs} ms step after the previous one; ` +
          'timestamps must increase, one sample per step',
        i
      );
    }
    slots[i] = k;
    previous = k;
  }
  const N = previous + 1;
  const days = N / L;
  if (N < 3 * L) {
    return result('too-short', days);
  }
  const grid = new Float64Array(N).fill(NaN);
  let present = 0;
  let sumK = 0;
  let sumX = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (Number.isFinite(v)) {
      grid[slots[i]] = v;
      present++;
      sumK += slots[i];
      sumX += v;
    }
  }
  if (present < 2) {
    return result('too-sparse', days);
  }
  const meanK = sumK / present;
  const meanX = sumX / present;
  let skx = 0;
  let skk = 0;
  for (let k = 0; k < N; k++) {
    if (!Number.isNaN(grid[k])) {
      skx += (k - meanK) * (grid[k] - meanX);
      skk += (k - meanK) * (k - meanK);
    }
  }
  const slope = skk > 0 ? skx / skk : 0;
  let v = 0;
  for (let k = 0; k < N; k++) {
    if (!Number.isNaN(grid[k])) {
      grid[k] = grid[k] - meanX - slope * (k - meanK);
      v += grid[k] * grid[k];
    }
  }
  v /= present;
  if (!(v > 0)) {
    return result('flat', days);
  }
  const acf = (lag: number): { value: number; pairs: number } => {
    let s = 0;
    let pairs = 0;
    for (let k = 0; k + lag < N; k++) {
      if (!Number.isNaN(grid[k]) && !Number.isNaN(grid[k + lag])) {
        s += grid[k] * grid[k + lag];
        pairs++;
      }
    }
    return { value: pairs > 0 ? s / pairs / v : NaN, pairs };
  };
  const day = acf(L);
  const half = acf(Math.floor(L / 2));
  if (day.pairs < L || half.pairs < L) {
    return result('too-sparse', days, day.value, half.value);
  }
  if (day.value < minAcf) {
    return result('weak', days, day.value, half.value);
  }
  if (day.value - half.value < minContrast) {
    return result('no-contrast', days, day.value, half.value);
  }
  return result('daily-cycle', days, day.value, half.value);
}
