import { LOGVAR_MAX, LOGVAR_MIN } from '../lstm/forecaster';
import { normalCdf } from './normalCdf';
import { FailureTrend, trendPrefix, trendProbabilityAt } from './trendFailure';

/** A failure condition: the host fails when the feature reaches `limitZ` (the limit, normalised). */
export interface FailureLimit {
  feature: number;
  limitZ: number;
}

/**
 * Scores an input row (F normalised features); Isolation Forest and the baselines plug in here.
 * `timeMs` is the row's grid time (ms since the epoch); only the seasonal baseline reads it.
 */
export interface RowScorer {
  /** Aggregate score; larger is more unusual. */
  score(row: Float32Array, missing: Uint8Array, timeMs?: number): number;
  /**
   * Optional: the scores of many rows (row-major rows × F) at once, each equal to score(row); a
   * scorer with no use for the row's time or missing mask can be faster this way.
   */
  scoreRows?(rows: Float32Array, F: number): Float64Array;
  /** Per-feature share of the score (sums to 1 or all 0); used for contributions. */
  shares?(row: Float32Array, missing: Uint8Array, out: Float64Array, timeMs?: number): void;
}

/** Grid times of a chunk's rows: row k is at startMs + k · stepMs. */
export interface ChunkTimes {
  startMs: number;
  stepMs: number;
}

/** Names of the calibration inputs, in order. The artifact stores weights in this order. */
export const COMPONENTS = ['failure', 'residual', 'isolation', 'baseline'] as const;
export type ComponentName = (typeof COMPONENTS)[number];

export interface ChunkOptions {
  /** Grid times of the rows (the seasonal baseline reads them). */
  times?: ChunkTimes;
  /** The straight-line forecast that joins the LSTM's in the failure part. */
  trend?: FailureTrend;
  /** Rows before this one are context only (the trend's window, the previous forecast). */
  fromRow?: number;
  /** Fill residualSq and failureByFeature (for contributions); default true. */
  perFeature?: boolean;
}

/** Per input step of a chunk: the raw (unsmoothed) component values. */
export interface ChunkComponents {
  /** seqLen × 4, in COMPONENTS order; `failure` is a probability, the rest are scores. */
  raw: Float64Array;
  /** seqLen × F squared one-step residuals (0 where missing), for contributions; empty without perFeature. */
  residualSq: Float64Array;
  /** seqLen × F failure probability per limited feature (0 for others); empty without perFeature. */
  failureByFeature: Float64Array;
}

/** Reused prefix-sum buffers, one per limited feature (chunkComponents runs synchronously). */
const trendBuffers: Float64Array[] = [];
function trendScratch(i: number, steps: number): Float64Array {
  if (!trendBuffers[i] || trendBuffers[i].length < 6 * (steps + 1)) {
    trendBuffers[i] = new Float64Array(6 * (steps + 1));
  }
  return trendBuffers[i];
}

/**
 * The four component scores of every step of a chunk:
 * - failure: max over limited features of P(z_f(t+H) >= limit), from the horizon forecast's
 *   mean and variance; 1 when the feature is already at its limit;
 * - residual: root mean square over present features of z(t) − next(t−1) (0 at the chunk's
 *   first step, which has no earlier forecast);
 * - isolation / baseline: the row scorers on z(t) (at time `times.startMs + k · times.stepMs`
 *   when `options.times` is given; the seasonal baseline needs it).
 * With `options.trend`, a straight-line forecast through each limited feature's recent rows (trendFailure.ts)
 * joins the LSTM's: the failure probability of a feature is the larger of the two.
 * Rows before `options.fromRow` are context only (the trend's window, the previous forecast): their values
 * stay 0. The live scorer passes its recent rows that way.
 */
export function chunkComponents(
  z: Float32Array,
  missing: Uint8Array,
  outputs: Float32Array,
  F: number,
  limits: FailureLimit[],
  isolation: RowScorer,
  baseline: RowScorer,
  options: ChunkOptions = {}
): ChunkComponents {
  const { times, trend, fromRow = 0, perFeature = true } = options;
  const steps = z.length / F;
  const O = 3 * F;
  const raw = new Float64Array(steps * 4);
  // Per-feature evidence only feeds contributions; scoring without them skips two steps × F arrays.
  const residualSq = new Float64Array(perFeature ? steps * F : 0);
  const failureByFeature = new Float64Array(perFeature ? steps * F : 0);
  const isolationScores = isolation.scoreRows?.(z.subarray(fromRow * F, steps * F), F);
  const trendSums = trend
    ? limits.map(({ feature }, i) => trendPrefix(z, missing, F, feature, steps, trendScratch(i, steps)))
    : [];
  for (let k = fromRow; k < steps; k++) {
    const row = z.subarray(k * F, k * F + F);
    const rowMissing = missing.subarray(k * F, k * F + F);

    let failure = 0;
    for (let i = 0; i < limits.length; i++) {
      const { feature: f, limitZ } = limits[i];
      const mean = outputs[k * O + F + f];
      const logvar = Math.min(Math.max(outputs[k * O + 2 * F + f], LOGVAR_MIN), LOGVAR_MAX);
      let p = 1 - normalCdf((limitZ - mean) / Math.exp(0.5 * logvar));
      if (!rowMissing[f] && row[f] >= limitZ) {
        p = 1;
      } else if (trend) {
        p = Math.max(p, trendProbabilityAt(trendSums[i], k, limitZ, trend));
      }
      if (perFeature) {
        failureByFeature[k * F + f] = p;
      }
      failure = Math.max(failure, p);
    }

    let sumSq = 0;
    let present = 0;
    if (k > 0) {
      for (let f = 0; f < F; f++) {
        if (rowMissing[f]) {
          continue;
        }
        const r = row[f] - outputs[(k - 1) * O + f];
        if (perFeature) {
          residualSq[k * F + f] = r * r;
        }
        sumSq += r * r;
        present++;
      }
    }
    raw[k * 4] = failure;
    raw[k * 4 + 1] = present > 0 ? Math.sqrt(sumSq / present) : 0;
    const timeMs = times ? times.startMs + k * times.stepMs : undefined;
    raw[k * 4 + 2] = isolationScores ? isolationScores[k - fromRow] : isolation.score(row, rowMissing, timeMs);
    raw[k * 4 + 3] = baseline.score(row, rowMissing, timeMs);
  }
  return { raw, residualSq, failureByFeature };
}
