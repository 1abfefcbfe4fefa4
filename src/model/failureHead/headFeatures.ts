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
 * Causal rolling minimum (`sign` 1) or maximum (`sign` -1) of column j of the row-major n × F `x` over
 * steps (t - span, t], missing (NaN) skipped, NaN where the span holds no value, written into the
 * same cells of `out`. A monotone deque: O(n).
 */
function rollingExtreme(
  x: Float64Array,
  F: number,
  j: number,
  span: number,
  sign: 1 | -1,
  queue: Int32Array,
  out: Float64Array
): void {
  const n = x.length / F;
  let head = 0;
  let tail = 0;
  for (let t = 0; t < n; t++) {
    const v = x[t * F + j];
    if (v === v) {
      while (tail > head && sign * x[queue[tail - 1] * F + j] >= sign * v) {
        tail--;
      }
      queue[tail++] = t;
    }
    while (tail > head && queue[head] <= t - span) {
      head++;
    }
    out[t * F + j] = tail > head ? x[queue[head] * F + j] : NaN;
  }
}

/**
 * Head inputs (row-major, `headFeatureCount(F, spec)` columns) of one host from its normalised values
 * `z` (row-major n × F), their missing mask (1 = missing; optional) and its parts (row-major n × 4),
 * for rows `fromRow` … n - 1 (earlier rows are read as history only). Arithmetic in float64 whatever
 * `z` holds, as in the Go runtime. Laid out row by row: a chunk's scoring walks the trees over each
 * row in turn.
 */
export function headFeatures(
  z: ArrayLike<number>,
  features: number,
  missing: ArrayLike<number> | undefined,
  parts: ArrayLike<number>,
  spec: HeadInputSpec,
  fromRow = 0
): Float64Array {
  const F = features;
  const n = z.length / F;
  if (!Number.isInteger(n) || parts.length !== n * HEAD_PARTS || (missing && missing.length !== z.length)) {
    throw new Error(
      `head inputs need n × ${F} values, the same n × ${HEAD_PARTS} parts and mask; got ${z.length} values, ${parts.length} parts, ${missing?.length ?? 'no'} mask`
    );
  }
  const K = headFeatureCount(F, spec);
  const values = new Float64Array(n * F);
  for (let i = 0; i < values.length; i++) {
    values[i] = missing && missing[i] ? NaN : z[i];
  }
  const low = new Float64Array(n * F);
  const high = new Float64Array(n * F);
  const queue = new Int32Array(n);
  for (let j = 0; j < F; j++) {
    rollingExtreme(values, F, j, spec.rangeSteps, 1, queue, low);
    rollingExtreme(values, F, j, spec.rangeSteps, -1, queue, high);
  }
  const slopes = Int32Array.from(spec.slopeSteps);
  const S = slopes.length;
  const start = Math.max(0, Math.min(fromRow, n));
  const out = new Float64Array((n - start) * K);
  for (let t = start; t < n; t++) {
    let at = (t - start) * K;
    for (let p = 0; p < HEAD_PARTS; p++) {
      out[at++] = parts[t * HEAD_PARTS + p];
    }
    const row = t * F;
    for (let s = 0; s < S; s++) {
      const w = slopes[s];
      // Before the input's first w steps there is no value w steps back: missing, not a guess.
      if (t >= w) {
        const back = (t - w) * F;
        for (let j = 0; j < F; j++) {
          out[at++] = (values[row + j] - values[back + j]) / w;
        }
      } else {
        for (let j = 0; j < F; j++) {
          out[at++] = NaN;
        }
      }
    }
    for (let j = 0; j < F; j++) {
      out[at++] = values[row + j];
    }
    for (let j = 0; j < F; j++) {
      out[at++] = values[row + j] - low[row + j];
    }
    for (let j = 0; j < F; j++) {
      out[at++] = high[row + j] - values[row + j];
    }
  }
  return out;
}
