/**
 * The supervised failure head's inputs at each step: the model's four parts at that step, then for
 * each normalised feature its slope over several spans, its value, and how far it sits above its
 * lowest and below its highest value of the last hour. A leak or a fill is a long steady climb from
 * a floor; a GC sawtooth, a batch job or a backup climbs as fast but from a floor it has left and
 * come back to before, which the rolling low and high show and a 10-minute line does not.
 *
 * Missing inputs stay missing (NaN) and the trees send them the way they learned: a value missing
 * at the step, a slope whose either end is missing, a range with no value in its span.
 */

/** Slope spans in steps (at 15 s: 2, 5, 10, 20 and 40 minutes). */
export const HEAD_SLOPE_STEPS = [8, 20, 40, 80, 160] as const;
/** The rolling low/high span in steps (an hour at 15 s). */
export const HEAD_RANGE_STEPS = 240;
/** Steps of history before a step that its inputs read. */
export const HEAD_LOOKBACK_STEPS = Math.max(HEAD_RANGE_STEPS - 1, ...HEAD_SLOPE_STEPS);

export const HEAD_PARTS = 4;

/** Number of head inputs for F features. */
export function headFeatureCount(features: number): number {
  return HEAD_PARTS + features * (HEAD_SLOPE_STEPS.length + 3);
}

/** Names of the head inputs, in order (for explanations and the artifact). */
export function headFeatureNames(features: readonly string[], parts: readonly string[]): string[] {
  if (parts.length !== HEAD_PARTS) {
    throw new Error(`the head reads ${HEAD_PARTS} parts, got ${parts.length}`);
  }
  return [
    ...parts,
    ...HEAD_SLOPE_STEPS.flatMap((w) => features.map((f) => `${f} slope ${w} steps`)),
    ...features,
    ...features.map((f) => `${f} above ${HEAD_RANGE_STEPS}-step low`),
    ...features.map((f) => `${f} below ${HEAD_RANGE_STEPS}-step high`),
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
 * Head inputs (row-major, `headFeatureCount(F)` columns) of one host from its normalised values `z`
 * (row-major n × F), their missing mask (1 = missing; optional) and its parts (row-major n × 4).
 */
export function headFeatures(
  z: Float64Array,
  features: number,
  missing: Uint8Array | undefined,
  parts: Float64Array
): Float64Array {
  const F = features;
  const n = z.length / F;
  if (!Number.isInteger(n) || parts.length !== n * HEAD_PARTS || (missing && missing.length !== z.length)) {
    throw new Error(
      `head inputs need n × ${F} values, the same n × ${HEAD_PARTS} parts and mask; got ${z.length} values, ${parts.length} parts, ${missing?.length ?? 'no'} mask`
    );
  }
  const K = headFeatureCount(F);
  const out = new Float64Array(n * K);
  const column = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    for (let p = 0; p < HEAD_PARTS; p++) {
      out[t * K + p] = parts[t * HEAD_PARTS + p];
    }
  }
  const S = HEAD_SLOPE_STEPS.length;
  for (let j = 0; j < F; j++) {
    for (let t = 0; t < n; t++) {
      column[t] = missing?.[t * F + j] ? NaN : z[t * F + j];
    }
    const low = rollingExtreme(column, HEAD_RANGE_STEPS, 1);
    const high = rollingExtreme(column, HEAD_RANGE_STEPS, -1);
    for (let t = 0; t < n; t++) {
      const row = t * K;
      const v = column[t];
      HEAD_SLOPE_STEPS.forEach((w, s) => {
        // Before the series' first w steps there is no value w steps back: missing, not a guess.
        out[row + HEAD_PARTS + s * F + j] = t >= w ? (v - column[t - w]) / w : NaN;
      });
      out[row + HEAD_PARTS + S * F + j] = v;
      out[row + HEAD_PARTS + (S + 1) * F + j] = v - low[t];
      out[row + HEAD_PARTS + (S + 2) * F + j] = high[t] - v;
    }
  }
  return out;
}
