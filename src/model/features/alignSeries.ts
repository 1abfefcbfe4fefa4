import { FeatureInputError } from './errors';

/** Samples of one feature for one host, as they arrived (irregular, possibly with gaps). */
export interface FeatureSeries {
  feature: string;
  instance: string;
  timestampsMs: ArrayLike<number>;
  values: ArrayLike<number>;
}

export interface AlignOptions {
  startMs: number;
  endMs: number;
  stepMs: number;
  /** Gaps up to this many steps are forward-filled; longer ones are marked missing. */
  maxFillSteps: number;
  /**
   * Per feature (in `features` order): grid points left missing after a series starts inside the
   * grid (absent at the previous grid point). rate(x[w]) over a window the counter only partly
   * covers still divides by all of w, so a new host's or a restarted exporter's first rates read
   * low — idle CPU under-counted is cpu_busy too high. See settleSteps in featureSpec.ts.
   */
  settleSteps?: ArrayLike<number>;
}

/**
 * One host's features on a fixed grid, row-major (step t, feature f at t * F + f). Missing cells
 * hold NaN in `values` and 1 in `missing`; the model sees them as "no information", never as 0.
 */
export interface HostFeatureMatrix {
  instance: string;
  features: string[];
  timestampsMs: Float64Array;
  values: Float64Array;
  missing: Uint8Array;
}

export const DEFAULT_MAX_FILL_STEPS = 4;

export function gridTimestamps({ startMs, endMs, stepMs }: AlignOptions): Float64Array {
  if (!(stepMs > 0) || !Number.isFinite(startMs) || !Number.isFinite(endMs) || endMs < startMs) {
    throw new FeatureInputError(`bad grid: start ${startMs}, end ${endMs}, step ${stepMs} ms`);
  }
  const n = Math.floor((endMs - startMs) / stepMs) + 1;
  const grid = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    grid[k] = startMs + k * stepMs;
  }
  return grid;
}

/**
 * Aligns every feature of every host onto the grid: the value at grid time t is the newest sample
 * in (t - step, t]; a gap of up to maxFillSteps steps repeats the last value (a missed scrape),
 * a longer one is missing. Hosts lacking a feature entirely get it all-missing, so one absent
 * exporter does not drop the host.
 */
export function alignHosts(series: FeatureSeries[], features: string[], options: AlignOptions): HostFeatureMatrix[] {
  const grid = gridTimestamps(options);
  const featureIndex = new Map(features.map((f, i) => [f, i]));
  const hosts = new Map<string, HostFeatureMatrix>();
  const F = features.length;
  for (const s of series) {
    const f = featureIndex.get(s.feature);
    if (f === undefined) {
      throw new FeatureInputError(`unknown feature "${s.feature}" (instance="${s.instance}"); the model reads ${features.join(', ')}`);
    }
    let host = hosts.get(s.instance);
    if (!host) {
      host = {
        instance: s.instance,
        features,
        timestampsMs: grid,
        values: new Float64Array(grid.length * F).fill(NaN),
        missing: new Uint8Array(grid.length * F).fill(1),
      };
      hosts.set(s.instance, host);
    }
    alignOne(s, grid, options, options.settleSteps?.[f] ?? 0, (k, value) => {
      host!.values[k * F + f] = value;
      host!.missing[k * F + f] = 0;
    });
  }
  return [...hosts.values()].sort((a, b) => (a.instance < b.instance ? -1 : a.instance > b.instance ? 1 : 0));
}

function alignOne(s: FeatureSeries, grid: Float64Array, options: AlignOptions, settle: number, set: (k: number, value: number) => void): void {
  const { stepMs, maxFillSteps } = options;
  const n = s.timestampsMs.length;
  if (n !== s.values.length) {
    throw new FeatureInputError(`feature "${s.feature}" instance="${s.instance}": ${n} timestamps but ${s.values.length} values`);
  }
  let i = 0;
  let lastValue = NaN;
  let lastGridSeen = -Infinity;
  // Samples at grid points before settledFrom are ignored: the first `settle` points after a start
  // inside the grid (the series absent at the previous grid point; at the first one it may simply
  // predate the grid, and must, or a point's value would depend on the range asked for).
  let settledFrom = 0;
  let foundBefore = false;
  for (let k = 0; k < grid.length; k++) {
    const t = grid[k];
    let found = false;
    while (i < n && s.timestampsMs[i] <= t) {
      const ts = s.timestampsMs[i];
      const v = s.values[i];
      if (i > 0 && ts <= s.timestampsMs[i - 1]) {
        throw new FeatureInputError(`feature "${s.feature}" instance="${s.instance}": timestamps out of order at ${new Date(ts).toISOString()}`);
      }
      if (!Number.isFinite(v)) {
        throw new FeatureInputError(
          `feature "${s.feature}" instance="${s.instance}" is ${v} at ${new Date(ts).toISOString()}; ` +
            'fix the query (e.g. clamp_min the divisor) or the exporter: the model refuses non-finite input'
        );
      }
      if (ts > t - stepMs) {
        if (!found && !foundBefore && k > 0) {
          settledFrom = k + settle; // a start: absent at the previous grid point
        }
        found = true;
        if (k >= settledFrom) {
          lastValue = v;
          lastGridSeen = k;
        }
      }
      i++;
    }
    foundBefore = found;
    if (found && k < settledFrom) {
      found = false;
    }
    if (found) {
      set(k, lastValue);
    } else if (Number.isFinite(lastValue) && k - lastGridSeen <= maxFillSteps) {
      set(k, lastValue);
    }
  }
}
