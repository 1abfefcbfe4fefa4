/**
 * The supervised failure head's inputs at each step: the model's four parts at that step, then for
 * each normalised feature its slope over several spans, its value, and how far it sits above its
 * lowest and below its highest value of a recent span. A leak or a fill is a long steady climb from
 * a floor; a GC sawtooth, a batch job or a backup climbs as fast but from a floor it has left and
 * come back to before, which several spans of slope and the rolling low and high show together and
 * one 10-minute line does not.
 *
 * Missing inputs stay missing (NaN) and the trees send them the way they learned: a value missing
 * at the step, a slope whose either end is missing, a range with no value in its span.
 */

/** Which spans the head reads; stored in the artifact (sentinel.json `failureHead`). */
export interface HeadInputSpec {
  /** Slope spans in steps, each at least 1. */
  slopeSteps: readonly number[];
  /** Span of the rolling low and high in steps, the step itself included; at least 2. */
  rangeSteps: number;
}

/**
 * The shipped spans at 15-second steps: slopes over 2, 5 and 10 minutes and the range of the last
 * 15 minutes, all inside a chunk's 60-step warm-up, so a step's head inputs never reach before its
 * chunk's input and a point's risk stays independent of the range a query asks for. Measured on
 * the validation fleets: an hour of range (240 steps, slopes up to 40 minutes) was no better.
 */
export const DEFAULT_HEAD_INPUTS: HeadInputSpec = { slopeSteps: [8, 20, 40], rangeSteps: 61 };

/** Steps of history before a step that its inputs read. */
export function headLookbackSteps(spec: HeadInputSpec): number {
  return Math.max(spec.rangeSteps - 1, ...spec.slopeSteps);
}

export const HEAD_PARTS = 4;

/** Number of head inputs for F features. */
export function headFeatureCount(features: number, spec: HeadInputSpec): number {
  return HEAD_PARTS + features * (spec.slopeSteps.length + 3);
}

/** Names of the head inputs, in order (for explanations and the artifact). */
export function headFeatureNames(features: readonly string[], parts: readonly string[], spec: HeadInputSpec): string[] {
  if (parts.length !== HEAD_PARTS) {
    throw new Error(`the head reads ${HEAD_PARTS} parts, got ${parts.length}`);
  }
  return [
    ...parts,
    ...spec.slopeSteps.flatMap((w) => features.map((f) => `${f} slope ${w} steps`)),
    ...features,
    ...features.map((f) => `${f} above ${spec.rangeSteps}-step low`),
    ...features.map((f) => `${f} below ${spec.rangeSteps}-step high`),
  ];
}

/**
 * Causal rolling minimum (`sign` 1) or maximum (`sign` -1) of `x[k]` over steps (t - span, t], missing
 * (NaN) skipped; NaN where the span holds no value. A monotone deque: O(n).
 */
function rollingExtreme(x: Float64Array, span: number, sign: 1 | -1): Float64Array {
  const n = x.length;
  const out = new Float64Array(n);
  const queue = new Int32Array(n);
  let head = 0;
  let tail = 0;
  for (let t = 0; t < n; t++) {
    const v = x[t];
    if (!Number.isNaN(v)) {
      while (tail > head && sign * x[queue[tail - 1]] >= sign * v) {
        tail--;
      }
      queue[tail++] = t;
    }
    while (tail > head && queue[head] <= t - span) {
      head++;
    }
    out[t] = tail > head ? x[queue[head]] : NaN;
  }
  return out;
}

/**
 * Head inputs (row-major, `headFeatureCount(F, spec)` columns) of one host from its normalised values
 * `z` (row-major n × F), their missing mask (1 = missing; optional) and its parts (row-major n × 4).
 * Sums run in float64 whatever `z` holds, as in the Go runtime.
 */
export function headFeatures(
  z: ArrayLike<number>,
  features: number,
  missing: ArrayLike<number> | undefined,
  parts: ArrayLike<number>,
  spec: HeadInputSpec
): Float64Array {
  const F = features;
  const n = z.length / F;
  if (!Number.isInteger(n) || parts.length !== n * HEAD_PARTS || (missing && missing.length !== z.length)) {
    throw new Error(
      `head inputs need n × ${F} values, the same n × ${HEAD_PARTS} parts and mask; got ${z.length} values, ${parts.length} parts, ${missing?.length ?? 'no'} mask`
    );
  }
  const K = headFeatureCount(F, spec);
  const out = new Float64Array(n * K);
  const column = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    for (let p = 0; p < HEAD_PARTS; p++) {
      out[t * K + p] = parts[t * HEAD_PARTS + p];
    }
  }
  const S = spec.slopeSteps.length;
  for (let j = 0; j < F; j++) {
    for (let t = 0; t < n; t++) {
      column[t] = missing?.[t * F + j] ? NaN : z[t * F + j];
    }
    const low = rollingExtreme(column, spec.rangeSteps, 1);
    const high = rollingExtreme(column, spec.rangeSteps, -1);
    for (let t = 0; t < n; t++) {
      const row = t * K;
      const v = column[t];
      for (let s = 0; s < S; s++) {
        const w = spec.slopeSteps[s];
        // Before the input's first w steps there is no value w steps back: missing, not a guess.
        out[row + HEAD_PARTS + s * F + j] = t >= w ? (v - column[t - w]) / w : NaN;
      }
      out[row + HEAD_PARTS + S * F + j] = v;
      out[row + HEAD_PARTS + (S + 1) * F + j] = v - low[t];
      out[row + HEAD_PARTS + (S + 2) * F + j] = high[t] - v;
    }
  }
  return out;
}
