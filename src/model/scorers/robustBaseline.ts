import { RowScorer } from '../risk/componentScores';

/**
 * Robust statistical baseline: per feature the median and the MAD (×1.4826, so it estimates σ
 * for normal data) of normalised training rows. A row's score is the root mean square, over
 * present features, of (z − median) / max(MAD, floor); the floor keeps near-constant features
 * from turning noise into alarms. Shares are each feature's part of the sum of squares.
 */
export interface RobustBaselineParams {
  kind: 'robust-baseline';
  median: number[];
  mad: number[];
}

/** In normalised units: a feature must move 0.05 σ of its training spread to count at all. */
export const MAD_FLOOR = 0.05;

export function fitRobustBaseline(rows: Array<ArrayLike<number>>): RobustBaselineParams {
  if (rows.length === 0) {
    throw new Error('the baseline needs at least one row');
  }
  const F = rows[0].length;
  const median: number[] = [];
  const mad: number[] = [];
  for (let f = 0; f < F; f++) {
    const values = rows.map((r) => r[f]);
    if (values.some((v) => !Number.isFinite(v))) {
      throw new Error(`baseline column ${f} holds a non-finite value`);
    }
    const m = medianOf(values);
    median.push(m);
    mad.push(Math.max(1.4826 * medianOf(values.map((v) => Math.abs(v - m))), MAD_FLOOR));
  }
  return { kind: 'robust-baseline', median, mad };
}

function medianOf(values: number[]): number {
  const s = Float64Array.from(values).sort();
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function parseRobustBaseline(value: unknown, features: number): RobustBaselineParams {
  const p = value as RobustBaselineParams;
  const ok = (a: unknown) => Array.isArray(a) && a.length === features && a.every((v) => Number.isFinite(v));
  // Robust is the default kind: "robust-baseline" (what training writes), "robust" or no kind.
  const kind = (p as { kind?: unknown } | null)?.kind;
  if (!p || !(kind === undefined || kind === 'robust' || kind === 'robust-baseline') || !ok(p.median) || !ok(p.mad) || p.mad.some((v) => !(v > 0))) {
    throw new Error(`baseline: expected kind "robust-baseline" with ${features} finite medians and positive MADs`);
  }
  return p;
}

export function robustBaselineScorer(params: RobustBaselineParams): RowScorer {
  const deviationSq = (row: ArrayLike<number>, missing: ArrayLike<number>, f: number) => {
    if (missing[f]) {
      return 0;
    }
    const d = (row[f] - params.median[f]) / params.mad[f];
    return d * d;
  };
  return {
    score(row, missing) {
      let sum = 0;
      let present = 0;
      for (let f = 0; f < params.median.length; f++) {
        if (!missing[f]) {
          sum += deviationSq(row, missing, f);
          present++;
        }
      }
      return present > 0 ? Math.sqrt(sum / present) : 0;
    },
    shares(row, missing, out) {
      let sum = 0;
      for (let f = 0; f < params.median.length; f++) {
        out[f] = deviationSq(row, missing, f);
        sum += out[f];
      }
      for (let f = 0; f < params.median.length; f++) {
        out[f] = sum > 0 ? out[f] / sum : 0;
      }
    },
  };
}
