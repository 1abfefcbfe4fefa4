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
 * Causal rolling minimum and maximum of `x[from … from + n)` over steps (t - span, t], missing (NaN)
 * skipped, NaN where the span holds no value, into the same cells of `low` and `high`. Van Herk /
 * Gil-Werman: minima and maxima running forward and backward within blocks of `span` steps, so each
 * window is one block's tail and the next block's head — three branch-light passes instead of a
 * deque whose pops the branch predictor cannot guess. The values are finite (normalised values are
 * clamped), so ±Infinity can stand for "no value" while the passes run.
 */
function rollingExtremes(
  x: Float64Array,
  from: number,
  n: number,
  span: number,
  low: Float64Array,
  high: Float64Array,
  back: Float64Array
): void {
  // Forward: the block's minimum and maximum so far (block starts at multiples of span).
  let lo = Infinity;
  let hi = -Infinity;
  for (let t = 0; t < n; t++) {
    const v = x[from + t];
    if (t % span === 0) {
      lo = Infinity;
      hi = -Infinity;
    }
    if (v === v) {
      lo = v < lo ? v : lo;
      hi = v > hi ? v : hi;
    }
    low[from + t] = lo;
    high[from + t] = hi;
  }
  // Backward: the block's minimum (back[0 … n)) and maximum (back[n … 2n)) from t to its end.
  lo = Infinity;
  hi = -Infinity;
  for (let t = n - 1; t >= 0; t--) {
    const v = x[from + t];
    if ((t + 1) % span === 0) {
      lo = Infinity;
      hi = -Infinity;
    }
    if (v === v) {
      lo = v < lo ? v : lo;
      hi = v > hi ? v : hi;
    }
    back[t] = lo;
    back[n + t] = hi;
  }
  // The window (t - span, t] is [a, t] with a = t - span + 1: a's block from a on, t's block up to t.
  for (let t = n - 1; t >= span - 1; t--) {
    const a = t - span + 1;
    const l = low[from + t];
    const h = high[from + t];
    low[from + t] = back[a] < l ? back[a] : l;
    high[from + t] = back[n + a] > h ? back[n + a] : h;
  }
  for (let t = 0; t < n; t++) {
    if (low[from + t] === Infinity) {
      low[from + t] = NaN;
      high[from + t] = NaN;
    }
  }
}

/** Column-major buffers reused from call to call (they never leave this module). */
let scratch = {
  values: new Float64Array(0),
  low: new Float64Array(0),
  high: new Float64Array(0),
  back: new Float64Array(0),
};

function scratchFor(n: number, F: number) {
  if (scratch.values.length < n * F) {
    scratch = {
      values: new Float64Array(n * F),
      low: new Float64Array(n * F),
      high: new Float64Array(n * F),
      back: new Float64Array(2 * n),
    };
  }
  return scratch;
}

/**
 * Head inputs (row-major, `headFeatureCount(F, spec)` columns) of one host from its normalised values
 * `z` (row-major n × F), their missing mask (1 = missing; optional) and its parts (row-major n × 4),
 * for rows `fromRow` … n - 1 (earlier rows are read as history only). Arithmetic in float64 whatever
 * `z` holds, as in the Go runtime. Laid out row by row: a chunk's scoring walks the trees over each
 * row in turn. Each feature's values, lows and highs are first laid out column by column (contiguous
 * for the rolling passes), then the rows are written in order; `into`, when given, receives them.
 */
export function headFeatures(
  z: ArrayLike<number>,
  features: number,
  missing: ArrayLike<number> | undefined,
  parts: ArrayLike<number>,
  spec: HeadInputSpec,
  fromRow = 0,
  into?: Float64Array
): Float64Array {
  const F = features;
  const n = z.length / F;
  if (!Number.isInteger(n) || parts.length !== n * HEAD_PARTS || (missing && missing.length !== z.length)) {
    throw new Error(
      `head inputs need n × ${F} values, the same n × ${HEAD_PARTS} parts and mask; got ${z.length} values, ${parts.length} parts, ${missing?.length ?? 'no'} mask`
    );
  }
  const K = headFeatureCount(F, spec);
  const start = Math.max(0, Math.min(fromRow, n));
  const size = (n - start) * K;
  if (into && into.length < size) {
    throw new Error(`head inputs need ${size} values, the buffer holds ${into.length}`);
  }
  const out = into ? into.subarray(0, size) : new Float64Array(size);
  const { values, low, high, back } = scratchFor(n, F);
  for (let j = 0; j < F; j++) {
    for (let t = 0; t < n; t++) {
      values[j * n + t] = missing && missing[t * F + j] ? NaN : z[t * F + j];
    }
    rollingExtremes(values, j * n, n, spec.rangeSteps, low, high, back);
  }
  const slopes = Int32Array.from(spec.slopeSteps);
  const S = slopes.length;
  let at = 0;
  for (let t = start; t < n; t++) {
    for (let p = 0; p < HEAD_PARTS; p++) {
      out[at++] = parts[t * HEAD_PARTS + p];
    }
    for (let s = 0; s < S; s++) {
      const w = slopes[s];
      // Before the input's first w steps there is no value w steps back: missing, not a guess.
      for (let j = 0; j < F; j++) {
        out[at++] = t >= w ? (values[j * n + t] - values[j * n + t - w]) / w : NaN;
      }
    }
    for (let j = 0; j < F; j++) {
      out[at++] = values[j * n + t];
    }
    for (let j = 0; j < F; j++) {
      out[at++] = values[j * n + t] - low[j * n + t];
    }
    for (let j = 0; j < F; j++) {
      out[at++] = high[j * n + t] - values[j * n + t];
    }
  }
  return out;
}
