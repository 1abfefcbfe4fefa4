/**
 * Median and MAD as the baseline fits them (TypeScript only; the Go runtime reads the fitted numbers):
 *   median of n values, sorted ascending s[0..n-1]: s[(n-1)/2] for odd n, (s[n/2-1] + s[n/2]) / 2 for even n;
 *   mad = MAD_SCALE * median(|x_i - median|), MAD_SCALE = 1.4826 (so mad estimates σ for normal data).
 */

export const MAD_SCALE = 1.4826;

/** Median of the values (the array is sorted in place). NaN for no values. */
export function medianInPlace(values: Float64Array): number {
  const n = values.length;
  if (n === 0) {
    return NaN;
  }
  values.sort();
  const mid = n >> 1;
  return n % 2 === 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

/** { median, mad } of the values, mad already scaled by MAD_SCALE. The input is left untouched. */
export function medianAndMad(values: ArrayLike<number>): { median: number; mad: number } {
  const work = Float64Array.from(values);
  const median = medianInPlace(work);
  for (let i = 0; i < work.length; i++) {
    work[i] = Math.abs(work[i] - median);
  }
  return { median, mad: MAD_SCALE * medianInPlace(work) };
}
