/**
 * Robust statistical baseline: per feature the median and MAD of the training data, optionally per
 * time-of-day bucket for features with a daily cycle, and a robust z-score per feature at scoring time.
 *
 * FIT (TypeScript only): see ./robustStats.ts for median and mad (= 1.4826 × MAD). Global median/mad per
 * feature over its present training values. Seasonal features (chosen, or detected per feature with
 * ./seasonality.ts): for each bucket b (./seasonality.ts BUCKET), median/mad of the feature's present values
 * in b; where fewer than minPoints values fall in b, the global median/mad are stored for b instead.
 *
 * SCORING (both runtimes; float64, operations in exactly this order). Scales are computed once per model:
 *   global feature f:      scale_f    = max(mad_f, relative × |median_f|, absolute_f)
 *   seasonal feature f, b: scale_b,f  = max(mad_b,f, relative × |median_b,f|, absolute_f, globalFraction × mad_f)
 *   (mad_f is the stored, unfloored global mad; max of non-negative numbers, so the order of max is immaterial).
 * For a row x at time t (bucket b = timeBucket(t) when the model is seasonal):
 *   z_f = (x_f − m_f) / s_f with the feature's (bucket's) median m_f and scale s_f; 0 for a masked feature.
 *   Q = 0; P = 0; for f = 0 .. F−1 not masked: Q = Q + z_f × z_f; P = P + 1.
 *   score = sqrt(Q / P) (root mean square of z over present features; 0 when P = 0).
 *   share_f = (z_f × z_f) / Q when Q > 0, else 0 — each feature's share of the mean square (sums to 1).
 * Every unmasked value must be finite. The floors keep a constant feature (mad = 0) from turning a tiny
 * wobble into a huge z: `relative` (default 0.01 = 1 % of the level) for features with a large offset,
 * `absolute` (default 0.05, in the feature's units; the pipeline feeds normalised features, where this is
 * 5 % of a training standard deviation) for features sitting near 0, and `globalFraction` (default 0.25)
 * so a bucket fitted on few quiet points cannot be tighter than a quarter of the feature's overall spread.
 *
 * SERIALISED FORM: RobustBaselineParams below is plain JSON already; see ./serialise.ts for the checks.
 */
import { BaselineInputError, BaselineOptionsError } from './errors';
import { medianAndMad } from './robustStats';
import { checkBuckets, DAY_MS, detectDailySeasonality, SeasonalityResult, timeBucket } from './seasonality';

export interface BaselineFloor {
  relative: number;
  /** Per feature, > 0. */
  absolute: number[];
  globalFraction: number;
}

export interface SeasonalProfile {
  periodMs: number;
  buckets: number;
  minPoints: number;
  /** Indices of seasonal features, increasing; S = features.length. */
  features: number[];
  /** B × S, bucket-major: present training values per (bucket, seasonal feature). */
  count: number[];
  /** B × S, bucket-major; the global value where count < minPoints. */
  median: number[];
  mad: number[];
}

export interface RobustBaselineParams {
  kind: 'robust-baseline';
  version: 1;
  features: number;
  floor: BaselineFloor;
  global: { median: number[]; mad: number[] };
  seasonal: SeasonalProfile | null;
}

export interface RobustBaselineOptions {
  /** One per row; needed for a seasonal profile. */
  timestampsMs?: ArrayLike<number>;
  /** Row-major n × F mask, non-zero = value missing (ignored in fitting). */
  missing?: ArrayLike<number>;
  /**
   * 'auto' (default when timestamps are given): detectDailySeasonality per feature;
   * 'none' (default otherwise); or the seasonal feature indices.
   */
  seasonal?: 'auto' | 'none' | readonly number[];
  /** Sampling step for 'auto' detection; default: the median gap between consecutive timestamps. */
  stepMs?: number;
  /** Time-of-day buckets (default 288, five minutes each). */
  buckets?: number;
  /** Fewest values for a bucket's own median/MAD (default 10). */
  minPoints?: number;
  relativeFloor?: number;
  absoluteFloor?: number | ArrayLike<number>;
  globalFraction?: number;
}

export interface RobustBaselineFit {
  params: RobustBaselineParams;
  /** Per feature: the detection result when seasonal = 'auto', else null. */
  detection: Array<SeasonalityResult | null>;
}

export const DEFAULT_BUCKETS = 288;
export const DEFAULT_MIN_POINTS = 10;
export const DEFAULT_RELATIVE_FLOOR = 0.01;
export const DEFAULT_ABSOLUTE_FLOOR = 0.05;
export const DEFAULT_GLOBAL_FRACTION = 0.25;

function nonNegative(name: string, v: number): number {
  if (!Number.isFinite(v) || v < 0) {
    throw new BaselineOptionsError(`${name} must be a finite number >= 0, got ${v}`);
  }
  return v;
}

/** Rows → validated row-major matrix; masked positions may hold anything (they become NaN). */
export function baselineMatrix(
  rows: ReadonlyArray<ArrayLike<number>> | Float64Array,
  features: number,
  missing: ArrayLike<number> | undefined,
  purpose: string
): Float64Array {
  const flat = rows instanceof Float64Array;
  if (flat && rows.length % features !== 0) {
    throw new BaselineInputError(
      `${purpose}: ${rows.length} values are not a whole number of ${features}-feature rows`
    );
  }
  const n = flat ? rows.length / features : rows.length;
  if (missing !== undefined && missing.length !== n * features) {
    throw new BaselineInputError(
      `${purpose}: the missing mask has ${missing.length} entries, expected ${n} × ${features}`
    );
  }
  const out = new Float64Array(n * features);
  for (let r = 0; r < n; r++) {
    const row = flat ? rows.subarray(r * features, r * features + features) : rows[r];
    if (row == null || row.length !== features) {
      throw new BaselineInputError(
        `${purpose}: row ${r} has ${row == null ? 'no' : row.length} values, expected ${features} features`,
        r
      );
    }
    for (let f = 0; f < features; f++) {
      const i = r * features + f;
      if (missing !== undefined && missing[i]) {
        out[i] = NaN;
        continue;
      }
      const v = row[f];
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new BaselineInputError(
          `${purpose}: row ${r}, column ${f} is ${String(v)}; mark missing values in the mask instead`,
          r,
          f
        );
      }
      out[i] = v;
    }
  }
  return out;
}

function checkTimestamps(timestampsMs: ArrayLike<number>, n: number, purpose: string): void {
  if (timestampsMs.length !== n) {
    throw new BaselineInputError(`${purpose}: ${timestampsMs.length} timestamps for ${n} rows`);
  }
  for (let r = 0; r < n; r++) {
    if (!Number.isFinite(timestampsMs[r]) || Math.abs(timestampsMs[r]) > Number.MAX_SAFE_INTEGER) {
      throw new BaselineInputError(`${purpose}: timestamp of row ${r} is ${timestampsMs[r]}`, r);
    }
  }
}

function medianGap(timestampsMs: ArrayLike<number>): number {
  const gaps = new Float64Array(Math.max(0, timestampsMs.length - 1));
  for (let i = 1; i < timestampsMs.length; i++) {
    gaps[i - 1] = timestampsMs[i] - timestampsMs[i - 1];
  }
  return medianAndMad(gaps).median;
}

export function fitRobustBaseline(
  rows: ReadonlyArray<ArrayLike<number>> | Float64Array,
  options: RobustBaselineOptions & { features?: number } = {}
): RobustBaselineFit {
  const F = options.features ?? (rows instanceof Float64Array ? NaN : (rows[0]?.length ?? 0));
  if (!Number.isSafeInteger(F) || F < 1) {
    throw new BaselineInputError(
      rows instanceof Float64Array
        ? 'a flat matrix needs options.features'
        : 'the baseline needs at least one row with features'
    );
  }
  const X = baselineMatrix(rows, F, options.missing, 'baseline fit');
  const n = X.length / F;
  const relative = nonNegative('relativeFloor', options.relativeFloor ?? DEFAULT_RELATIVE_FLOOR);
  const globalFraction = nonNegative('globalFraction', options.globalFraction ?? DEFAULT_GLOBAL_FRACTION);
  const abs = options.absoluteFloor ?? DEFAULT_ABSOLUTE_FLOOR;
  const absolute = typeof abs === 'number' ? new Array<number>(F).fill(abs) : Array.from(abs);
  if (absolute.length !== F || absolute.some((v) => !Number.isFinite(v) || !(v > 0))) {
    throw new BaselineOptionsError(`absoluteFloor must be a positive number or ${F} positive numbers`);
  }

  const columns: Float64Array[] = [];
  const median: number[] = [];
  const mad: number[] = [];
  for (let f = 0; f < F; f++) {
    const present: number[] = [];
    const column = new Float64Array(n);
    for (let r = 0; r < n; r++) {
      column[r] = X[r * F + f];
      if (!Number.isNaN(column[r])) {
        present.push(column[r]);
      }
    }
    if (present.length === 0) {
      throw new BaselineInputError(
        `baseline fit: feature ${f} has no present values; drop it or fit on more data`,
        undefined,
        f
      );
    }
    const stats = medianAndMad(present);
    columns.push(column);
    median.push(stats.median);
    mad.push(stats.mad);
  }

  const timestamps = options.timestampsMs;
  const mode = options.seasonal ?? (timestamps ? 'auto' : 'none');
  const detection: Array<SeasonalityResult | null> = new Array(F).fill(null);
  let seasonalFeatures: number[] = [];
  if (mode !== 'none') {
    if (!timestamps) {
      throw new BaselineOptionsError('a seasonal baseline needs timestampsMs, one per row');
    }
    checkTimestamps(timestamps, n, 'baseline fit');
    if (mode === 'auto') {
      const step = options.stepMs ?? medianGap(timestamps);
      for (let f = 0; f < F; f++) {
        detection[f] = detectDailySeasonality(columns[f], timestamps, step);
        if (detection[f]!.seasonal) {
          seasonalFeatures.push(f);
        }
      }
    } else {
      seasonalFeatures = Array.from(mode);
      seasonalFeatures.forEach((f, k) => {
        if (!Number.isInteger(f) || f < 0 || f >= F || (k > 0 && f <= seasonalFeatures[k - 1])) {
          throw new BaselineOptionsError(
            `seasonal features must be increasing indices below ${F}, got [${mode.join(', ')}]`
          );
        }
      });
    }
  }

  let seasonal: SeasonalProfile | null = null;
  if (seasonalFeatures.length > 0) {
    const B = options.buckets ?? DEFAULT_BUCKETS;
    const periodMs = DAY_MS;
    checkBuckets(B, periodMs);
    const minPoints = options.minPoints ?? DEFAULT_MIN_POINTS;
    if (!Number.isSafeInteger(minPoints) || minPoints < 1) {
      throw new BaselineOptionsError(`minPoints must be a positive integer, got ${minPoints}`);
    }
    const S = seasonalFeatures.length;
    const bucketRows: number[][] = Array.from({ length: B }, () => []);
    for (let r = 0; r < n; r++) {
      bucketRows[timeBucket(timestamps![r], B, periodMs)].push(r);
    }
    const count = new Array<number>(B * S).fill(0);
    const bMedian = new Array<number>(B * S);
    const bMad = new Array<number>(B * S);
    for (let b = 0; b < B; b++) {
      seasonalFeatures.forEach((f, k) => {
        const values = bucketRows[b].map((r) => columns[f][r]).filter((v) => !Number.isNaN(v));
        count[b * S + k] = values.length;
        const stats = values.length >= minPoints ? medianAndMad(values) : { median: median[f], mad: mad[f] };
        bMedian[b * S + k] = stats.median;
        bMad[b * S + k] = stats.mad;
      });
    }
    seasonal = { periodMs, buckets: B, minPoints, features: seasonalFeatures, count, median: bMedian, mad: bMad };
  }
  return {
    params: {
      kind: 'robust-baseline',
      version: 1,
      features: F,
      floor: { relative, absolute, globalFraction },
      global: { median, mad },
      seasonal,
    },
    detection,
  };
}
