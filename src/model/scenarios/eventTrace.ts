import { F, FeatureName, FX } from './scenarioFeatures';
import { HostTraits } from './normalTraces';

/** One host's rows while events are written onto its normal behaviour (row-major, F a row). */
export interface EventTrace {
  values: Float64Array;
  rows: number;
  stepSeconds: number;
  linkCap: number;
  traits: HostTraits;
}

export function get(trace: EventTrace, k: number, feature: FeatureName): number {
  return trace.values[k * F + FX[feature]];
}

export function set(trace: EventTrace, k: number, feature: FeatureName, value: number): void {
  trace.values[k * F + FX[feature]] = value;
}

export function add(trace: EventTrace, k: number, feature: FeatureName, delta: number): void {
  trace.values[k * F + FX[feature]] += delta;
}

/** Raises a feature by `delta` but never above `cap` (nor lowers one that is already above it). */
export function raiseCapped(trace: EventTrace, k: number, feature: FeatureName, delta: number, cap: number): void {
  const v = get(trace, k, feature);
  set(trace, k, feature, Math.max(v, Math.min(v + delta, cap)));
}

/** Steps of `minutes` on this grid, at least 1. */
export function stepsOf(trace: { stepSeconds: number }, minutes: number): number {
  return Math.max(1, Math.round((minutes * 60) / trace.stepSeconds));
}

export function smoothstep(x: number): number {
  const t = Math.min(Math.max(x, 0), 1);
  return t * t * (3 - 2 * t);
}

export function clamp01(x: number): number {
  return Math.min(Math.max(x, 0), 1);
}

/** Calls `body(k)` for every k in [from, to] that lies on the grid. */
export function forSteps(trace: EventTrace, from: number, to: number, body: (k: number) => void): void {
  for (let k = Math.max(from, 0); k <= Math.min(to, trace.rows - 1); k++) {
    body(k);
  }
}

/** A trapezoid 0 → 1 → 0: up over `up` steps, flat, down over `down` steps ending at `end`. */
export function trapezoid(k: number, start: number, end: number, up: number, down: number): number {
  if (k < start || k > end) {
    return 0;
  }
  return Math.min(smoothstep((k - start + 1) / up), smoothstep((end - k + 1) / down));
}
