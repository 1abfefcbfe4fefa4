/** Robust baseline scoring; formula and order of operations in ./baseline.ts (SCORING). */
import { baselineMatrix, RobustBaselineParams } from './baseline';
import { BaselineInputError } from './errors';
import { timeBucket } from './seasonality';

interface CompiledBaseline {
  globalScale: Float64Array;
  /** Per feature: its column among the seasonal features, or −1. */
  seasonalIndex: Int32Array;
  /** B × S, bucket-major. */
  bucketScale: Float64Array;
}

const compiled = new WeakMap<RobustBaselineParams, CompiledBaseline>();

function compile(p: RobustBaselineParams): CompiledBaseline {
  const cached = compiled.get(p);
  if (cached) {
    return cached;
  }
  const F = p.features;
  const { relative, absolute, globalFraction } = p.floor;
  const globalScale = new Float64Array(F);
  for (let f = 0; f < F; f++) {
    globalScale[f] = Math.max(p.global.mad[f], relative * Math.abs(p.global.median[f]), absolute[f]);
  }
  const seasonalIndex = new Int32Array(F).fill(-1);
  let bucketScale = new Float64Array(0);
  if (p.seasonal) {
    const s = p.seasonal;
    const S = s.features.length;
    s.features.forEach((f, k) => (seasonalIndex[f] = k));
    bucketScale = new Float64Array(s.buckets * S);
    for (let b = 0; b < s.buckets; b++) {
      for (let k = 0; k < S; k++) {
        const f = s.features[k];
        const i = b * S + k;
        bucketScale[i] = Math.max(
          s.mad[i],
          relative * Math.abs(s.median[i]),
          absolute[f],
          globalFraction * p.global.mad[f]
        );
      }
    }
  }
  const c = { globalScale, seasonalIndex, bucketScale };
  compiled.set(p, c);
  return c;
}

export interface BaselineScores {
  /** Per row: root mean square of z over present features. */
  score: Float64Array;
  /** Row-major n × F robust z-scores (0 where masked). */
  z: Float64Array;
  /** Row-major n × F shares of the mean square (each row sums to 1, or is all 0). */
  share: Float64Array;
}

export interface BaselineScoringInput {
  /** One per row; required when the model has a seasonal profile. */
  timestampsMs?: ArrayLike<number>;
  /** Row-major n × F, non-zero = missing (ignored in the score). */
  missing?: ArrayLike<number>;
}

export function scoreBaselineBatch(
  params: RobustBaselineParams,
  rows: ReadonlyArray<ArrayLike<number>> | Float64Array,
  input: BaselineScoringInput = {}
): BaselineScores {
  const c = compile(params);
  const F = params.features;
  const X = baselineMatrix(rows, F, input.missing, 'baseline scoring');
  const n = X.length / F;
  const seasonal = params.seasonal;
  if (seasonal) {
    const t = input.timestampsMs;
    if (!t || t.length !== n) {
      throw new BaselineInputError(
        `baseline scoring: the model has a time-of-day profile and needs one timestamp per row (${n}), got ${t ? t.length : 'none'}`
      );
    }
  }
  const S = seasonal ? seasonal.features.length : 0;
  const score = new Float64Array(n);
  const z = new Float64Array(n * F);
  const share = new Float64Array(n * F);
  for (let r = 0; r < n; r++) {
    let bucketBase = 0;
    if (seasonal) {
      const t = input.timestampsMs![r];
      if (!Number.isFinite(t)) {
        throw new BaselineInputError(`baseline scoring: timestamp of row ${r} is ${t}`, r);
      }
      bucketBase = timeBucket(t, seasonal.buckets, seasonal.periodMs) * S;
    }
    let q = 0;
    let present = 0;
    for (let f = 0; f < F; f++) {
      const i = r * F + f;
      const x = X[i];
      if (Number.isNaN(x)) {
        continue; // masked
      }
      const k = c.seasonalIndex[f];
      const zf =
        k >= 0
          ? (x - seasonal!.median[bucketBase + k]) / c.bucketScale[bucketBase + k]
          : (x - params.global.median[f]) / c.globalScale[f];
      z[i] = zf;
      q += zf * zf;
      present++;
    }
    score[r] = present > 0 ? Math.sqrt(q / present) : 0;
    if (q > 0) {
      for (let f = 0; f < F; f++) {
        const i = r * F + f;
        share[i] = (z[i] * z[i]) / q;
      }
    }
  }
  return { score, z, share };
}

/** One row (see scoreBaselineBatch); `timestampMs` is needed for a seasonal model. */
export function scoreBaselineRow(
  params: RobustBaselineParams,
  row: ArrayLike<number>,
  timestampMs?: number,
  missing?: ArrayLike<number>
): { score: number; z: Float64Array; share: Float64Array } {
  const out = scoreBaselineBatch(params, [row], {
    timestampsMs: timestampMs === undefined ? undefined : [timestampMs],
    missing,
  });
  return { score: out.score[0], z: out.z, share: out.share };
}
