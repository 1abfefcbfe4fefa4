import { z } from 'zod';
import { timeBucket } from '../baseline/seasonality';
import { RowScorer } from '../risk/componentScores';
import { MAD_FLOOR } from './robustBaseline';

/**
 * Seasonal robust baseline (sentinel.json `baseline.kind: "seasonal"`): the robust baseline's
 * median/MAD per feature, fitted separately for each of `buckets` equal time-of-day buckets (UTC;
 * 24 = hourly, 96 = quarter-hourly). A row at time t is scored exactly as the robust baseline
 * scores it, against the median and MAD of t's bucket:
 *   bucket b = timeBucket(t, buckets) (src/model/baseline/seasonality.ts: r = ((t mod D) + D) mod D,
 *   b = floor(r · B / D), D = 86,400,000; exact integer arithmetic, identical in Go);
 *   score = sqrt(Σ_present ((z_f − median[b][f]) / mad[b][f])² / present), 0 with nothing present;
 *   share_f = that feature's part of the sum of squares.
 * A bucket with fewer than `minPoints` training rows gets the global median/MAD instead. MADs are
 * floored at MAD_FLOOR like the robust baseline's.
 *
 * Why not src/model/baseline's fit: its floors (relative, absolute, global fraction), per-feature
 * seasonality and 3-day autocorrelation test score differently from the shipped robust scorer;
 * this kind keeps the shipped formula, so "robust" and "seasonal" differ only in which median/MAD
 * a row is compared with. Only the bucket arithmetic is shared.
 */
export interface SeasonalBaselineParams {
  kind: 'seasonal';
  /** Time-of-day buckets per UTC day. */
  buckets: number;
  /** buckets × F medians, bucket-major. */
  median: number[][];
  /** buckets × F MADs (× 1.4826, floored), bucket-major. */
  mad: number[][];
}

export const DAY_MS = 86_400_000;
export const DEFAULT_SEASONAL_BUCKETS = 24;
export const MAX_SEASONAL_BUCKETS = 1440;
/** Buckets with fewer training rows than this fall back to the global median/MAD. */
export const SEASONAL_MIN_POINTS = 10;

const finite = z.number().finite();

/** The seasonal params' shape, without the feature count (sentinelJson.ts checks that). */
export const seasonalBaselineSchema = z.object({
  kind: z.literal('seasonal'),
  buckets: z.number().int().min(1).max(MAX_SEASONAL_BUCKETS),
  median: z.array(z.array(finite)),
  mad: z.array(z.array(finite.positive())),
});

/** Problems with seasonal params as [path below `baseline`, message]; empty when they are fine. */
export function seasonalBaselineIssues(value: unknown, features: number): Array<[Array<string | number>, string]> {
  const parsed = seasonalBaselineSchema.safeParse(value);
  if (!parsed.success) {
    return parsed.error.issues.map((i) => [i.path, i.message]);
  }
  const p = parsed.data;
  const issues: Array<[Array<string | number>, string]> = [];
  for (const key of ['median', 'mad'] as const) {
    if (p[key].length !== p.buckets) {
      issues.push([[key], `${p[key].length} buckets; buckets is ${p.buckets}`]);
      continue;
    }
    p[key].forEach((row, b) => {
      if (row.length !== features) {
        issues.push([[key, b], `${row.length} values for ${features} features`]);
      }
    });
  }
  return issues;
}

export function parseSeasonalBaseline(value: unknown, features: number): SeasonalBaselineParams {
  const issues = seasonalBaselineIssues(value, features);
  if (issues.length > 0) {
    const [path, message] = issues[0];
    throw new Error(`baseline.${path.join('.')}: ${message}`);
  }
  return value as SeasonalBaselineParams;
}

function medianOf(values: number[]): number {
  const s = Float64Array.from(values).sort();
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function medianMad(values: number[]): [number, number] {
  const m = medianOf(values);
  return [m, Math.max(1.4826 * medianOf(values.map((v) => Math.abs(v - m))), MAD_FLOOR)];
}

export function fitSeasonalBaseline(
  rows: Array<ArrayLike<number>>,
  timesMs: ArrayLike<number>,
  buckets = DEFAULT_SEASONAL_BUCKETS,
  minPoints = SEASONAL_MIN_POINTS
): SeasonalBaselineParams {
  if (rows.length === 0 || rows.length !== timesMs.length) {
    throw new Error(`the seasonal baseline needs rows with one time each (${rows.length} rows, ${timesMs.length} times)`);
  }
  if (!Number.isInteger(buckets) || buckets < 1 || buckets > MAX_SEASONAL_BUCKETS) {
    throw new Error(`buckets must be an integer in [1, ${MAX_SEASONAL_BUCKETS}], got ${buckets}`);
  }
  const F = rows[0].length;
  const byBucket: number[][] = Array.from({ length: buckets }, () => []);
  rows.forEach((row, i) => {
    for (let f = 0; f < F; f++) {
      if (!Number.isFinite(row[f])) {
        throw new Error(`baseline column ${f} holds a non-finite value`);
      }
    }
    byBucket[timeBucket(timesMs[i], buckets, DAY_MS)].push(i);
  });
  const global = Array.from({ length: F }, (_, f) => medianMad(rows.map((r) => r[f])));
  const median: number[][] = [];
  const mad: number[][] = [];
  for (const members of byBucket) {
    const m: number[] = [];
    const s: number[] = [];
    for (let f = 0; f < F; f++) {
      const [mf, sf] = members.length >= minPoints ? medianMad(members.map((i) => rows[i][f])) : global[f];
      m.push(mf);
      s.push(sf);
    }
    median.push(m);
    mad.push(s);
  }
  return { kind: 'seasonal', buckets, median, mad };
}

export function seasonalBaselineScorer(params: SeasonalBaselineParams): RowScorer {
  const F = params.median[0]?.length ?? 0;
  const bucketOf = (timeMs: number | undefined) => {
    if (timeMs === undefined || !Number.isFinite(timeMs)) {
      throw new Error('the seasonal baseline needs the time of the step it scores');
    }
    return timeBucket(timeMs, params.buckets, DAY_MS);
  };
  const deviationSq = (row: ArrayLike<number>, missing: ArrayLike<number>, b: number, f: number) => {
    if (missing[f]) {
      return 0;
    }
    const d = (row[f] - params.median[b][f]) / params.mad[b][f];
    return d * d;
  };
  return {
    score(row, missing, timeMs) {
      const b = bucketOf(timeMs);
      let sum = 0;
      let present = 0;
      for (let f = 0; f < F; f++) {
        if (!missing[f]) {
          sum += deviationSq(row, missing, b, f);
          present++;
        }
      }
      return present > 0 ? Math.sqrt(sum / present) : 0;
    },
    shares(row, missing, out, timeMs) {
      const b = bucketOf(timeMs);
      let sum = 0;
      for (let f = 0; f < F; f++) {
        out[f] = deviationSq(row, missing, b, f);
        sum += out[f];
      }
      for (let f = 0; f < F; f++) {
        out[f] = sum > 0 ? out[f] / sum : 0;
      }
    },
  };
}

/** Result of the daily-cycle test (recorded in sentinel.json's training.baseline). */
export interface DailyCycleTest {
  seasonal: boolean;
  buckets: number;
  /** Share of the variance (summed over features) explained by the bucket means; NaN if not computed. */
  varianceShare: number;
  threshold: number;
  /** Fewest distinct UTC days seen in any bucket. */
  minDaysPerBucket: number;
  reason: string;
}

export const DAILY_CYCLE_THRESHOLD = 0.2;

/**
 * Daily-cycle test on training rows with their times: the data must cover at least 2 full days
 * (every time-of-day bucket holds rows from 2 or more distinct UTC days and at least `minPoints`
 * rows), and the share of variance explained by the bucket means,
 *   Σ_f Σ_b n_b (mean_bf − mean_f)² / Σ_f Σ_i (x_if − mean_f)²  (a one-way ANOVA R², pooled over features),
 * must reach `threshold` (default 0.2; noise alone gives about B / N).
 */
export function detectDailyCycle(
  rows: Array<ArrayLike<number>>,
  timesMs: ArrayLike<number>,
  buckets = DEFAULT_SEASONAL_BUCKETS,
  threshold = DAILY_CYCLE_THRESHOLD,
  minPoints = SEASONAL_MIN_POINTS
): DailyCycleTest {
  const result = (seasonal: boolean, varianceShare: number, minDaysPerBucket: number, reason: string): DailyCycleTest => ({
    seasonal,
    buckets,
    varianceShare,
    threshold,
    minDaysPerBucket,
    reason,
  });
  const N = rows.length;
  const F = N > 0 ? rows[0].length : 0;
  const count = new Float64Array(buckets);
  const days: Array<Set<number>> = Array.from({ length: buckets }, () => new Set());
  const sums = new Float64Array(buckets * F);
  const total = new Float64Array(F);
  for (let i = 0; i < N; i++) {
    const b = timeBucket(timesMs[i], buckets, DAY_MS);
    count[b]++;
    days[b].add(Math.floor(timesMs[i] / DAY_MS));
    for (let f = 0; f < F; f++) {
      sums[b * F + f] += rows[i][f];
      total[f] += rows[i][f];
    }
  }
  const minDays = Math.min(...days.map((d) => d.size));
  if (minDays < 2) {
    return result(false, NaN, minDays, 'less than 2 full days of data');
  }
  if (Math.min(...count) < minPoints) {
    return result(false, NaN, minDays, `a time-of-day bucket holds fewer than ${minPoints} rows`);
  }
  let between = 0;
  let totalSq = 0;
  for (let f = 0; f < F; f++) {
    const mean = total[f] / N;
    for (let b = 0; b < buckets; b++) {
      const d = sums[b * F + f] / count[b] - mean;
      between += count[b] * d * d;
    }
    for (let i = 0; i < N; i++) {
      const d = rows[i][f] - mean;
      totalSq += d * d;
    }
  }
  const share = totalSq > 0 ? between / totalSq : 0;
  return share >= threshold
    ? result(true, share, minDays, `bucket means explain ${share.toFixed(3)} of the variance (>= ${threshold})`)
    : result(false, share, minDays, `bucket means explain ${share.toFixed(3)} of the variance (< ${threshold})`);
}
