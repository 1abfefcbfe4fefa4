/**
 * Causal rolling robust standardisation: each value relative to the median and MAD of the
 * `window` values before it (never itself or later ones), so a series that drifts or shifts level
 * is judged against its recent past, not against a fixed training distribution:
 *   z(t) = (x(t) − median(x[t−W, t))) / (1.4826 · MAD(x[t−W, t)))
 * Where the MAD is 0 (a flat stretch) the mean absolute deviation from the median stands in
 * (× 1.2533, its normal-consistency factor); where that is 0 too, a tiny floor relative to the
 * median's magnitude. z is clipped to ±`clip`, and is 0 until `minSamples` past values exist.
 */
export interface RollingRobustOptions {
  window: number;
  minSamples: number;
  clip: number;
}

export const ROLLING_ROBUST_DEFAULTS: RollingRobustOptions = { window: 200, minSamples: 16, clip: 10 };

function insertSorted(sorted: number[], x: number): void {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < x) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  sorted.splice(lo, 0, x);
}

function removeSorted(sorted: number[], x: number): void {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < x) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  sorted.splice(lo, 1);
}

function medianOfSorted(sorted: ArrayLike<number>): number {
  const n = sorted.length;
  return n % 2 ? sorted[n >> 1] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

export function rollingRobustZ(values: ArrayLike<number>, options: RollingRobustOptions = ROLLING_ROBUST_DEFAULTS): Float64Array {
  const { window, minSamples, clip } = options;
  if (!(window >= 1) || !(minSamples >= 1)) {
    throw new Error(`rolling robust z: window ${window} and minSamples ${minSamples} must be at least 1`);
  }
  const out = new Float64Array(values.length);
  const sorted: number[] = [];
  const deviations = new Float64Array(window);
  for (let t = 0; t < values.length; t++) {
    const n = sorted.length;
    if (n >= minSamples) {
      const median = medianOfSorted(sorted);
      let absSum = 0;
      for (let k = 0; k < n; k++) {
        deviations[k] = Math.abs(sorted[k] - median);
        absSum += deviations[k];
      }
      const dev = deviations.subarray(0, n).sort();
      let scale = 1.4826 * medianOfSorted(dev);
      if (!(scale > 0)) {
        scale = 1.2533 * (absSum / n);
      }
      if (!(scale > 0)) {
        scale = 1e-6 * Math.max(Math.abs(median), 1e-3);
      }
      const z = (values[t] - median) / scale;
      out[t] = Math.max(-clip, Math.min(clip, z));
    }
    insertSorted(sorted, values[t]);
    if (t - window >= 0) {
      removeSorted(sorted, values[t - window]);
    }
  }
  return out;
}
