/**
 * Robust baseline parameters <-> plain JSON. baselineFromJSON is the gate for artifacts read from disk:
 *   kind "robust-baseline", version 1, features >= 1;
 *   floor.relative >= 0, floor.globalFraction >= 0 (finite), floor.absolute: features numbers > 0;
 *   global.median: features finite numbers, global.mad: features finite numbers >= 0;
 *   seasonal: null, or periodMs integer >= 1, buckets integer in [1, periodMs] with buckets × periodMs <= 2^53,
 *     minPoints integer >= 1, features: non-empty increasing indices below `features`, and count (integers >= 0),
 *     median (finite) and mad (finite, >= 0) of buckets × S entries each.
 * The Go runtime applies the same checks.
 */
import { RobustBaselineParams } from './baseline';
import { BaselineFormatError } from './errors';

type Check = (v: number) => boolean;
const finite: Check = (v) => Number.isFinite(v);
const nonNegative: Check = (v) => Number.isFinite(v) && v >= 0;
const positive: Check = (v) => Number.isFinite(v) && v > 0;
const count: Check = (v) => Number.isSafeInteger(v) && v >= 0;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function numberArray(value: unknown, path: string, length: number, check: Check, what: string): number[] {
  if (!Array.isArray(value) || value.length !== length) {
    throw new BaselineFormatError(path, `expected an array of ${length} numbers`);
  }
  value.forEach((v, i) => {
    if (typeof v !== 'number' || !check(v)) {
      throw new BaselineFormatError(`${path}[${i}]`, `expected ${what}, got ${JSON.stringify(v)}`);
    }
  });
  return value.slice();
}

function scalar(value: unknown, path: string, check: Check, what: string): number {
  if (typeof value !== 'number' || !check(value)) {
    throw new BaselineFormatError(path, `expected ${what}, got ${JSON.stringify(value)}`);
  }
  return value;
}

function object(value: unknown, path: string): Record<string, unknown> {
  if (!isObject(value)) {
    throw new BaselineFormatError(path, 'expected an object');
  }
  return value;
}

/** A deep copy as plain JSON (the params are plain JSON already). */
export function baselineToJSON(params: RobustBaselineParams): RobustBaselineParams {
  return JSON.parse(JSON.stringify(params));
}

export function baselineFromJSON(value: unknown, expectFeatures?: number): RobustBaselineParams {
  const v = object(value, '(root)');
  if (v.kind !== 'robust-baseline') {
    throw new BaselineFormatError('kind', `expected "robust-baseline", got ${JSON.stringify(v.kind)}`);
  }
  if (v.version !== 1) {
    throw new BaselineFormatError('version', `this runtime reads version 1, got ${JSON.stringify(v.version)}`);
  }
  const F = scalar(v.features, 'features', (x) => Number.isSafeInteger(x) && x >= 1, 'an integer >= 1');
  if (expectFeatures !== undefined && F !== expectFeatures) {
    throw new BaselineFormatError(
      'features',
      `the baseline was fitted on ${F} features but the model declares ${expectFeatures}`
    );
  }
  const floor = object(v.floor, 'floor');
  const global = object(v.global, 'global');
  const params: RobustBaselineParams = {
    kind: 'robust-baseline',
    version: 1,
    features: F,
    floor: {
      relative: scalar(floor.relative, 'floor.relative', nonNegative, 'a finite number >= 0'),
      absolute: numberArray(floor.absolute, 'floor.absolute', F, positive, 'a finite number > 0'),
      globalFraction: scalar(floor.globalFraction, 'floor.globalFraction', nonNegative, 'a finite number >= 0'),
    },
    global: {
      median: numberArray(global.median, 'global.median', F, finite, 'a finite number'),
      mad: numberArray(global.mad, 'global.mad', F, nonNegative, 'a finite number >= 0'),
    },
    seasonal: null,
  };
  if (v.seasonal !== null) {
    const s = object(v.seasonal, 'seasonal');
    const periodMs = scalar(
      s.periodMs,
      'seasonal.periodMs',
      (x) => Number.isSafeInteger(x) && x >= 1,
      'an integer >= 1'
    );
    const buckets = scalar(
      s.buckets,
      'seasonal.buckets',
      (x) => Number.isSafeInteger(x) && x >= 1 && x <= periodMs && x * periodMs <= 2 ** 53,
      `an integer in [1, ${periodMs}] with buckets × periodMs <= 2^53`
    );
    const minPoints = scalar(
      s.minPoints,
      'seasonal.minPoints',
      (x) => Number.isSafeInteger(x) && x >= 1,
      'an integer >= 1'
    );
    if (!Array.isArray(s.features) || s.features.length === 0) {
      throw new BaselineFormatError('seasonal.features', 'expected a non-empty array of feature indices');
    }
    const features = numberArray(
      s.features,
      'seasonal.features',
      s.features.length,
      (x) => Number.isInteger(x) && x >= 0 && x < F,
      `a feature index below ${F}`
    );
    features.forEach((f, k) => {
      if (k > 0 && f <= features[k - 1]) {
        throw new BaselineFormatError(
          `seasonal.features[${k}]`,
          `indices must increase, got ${features[k - 1]} then ${f}`
        );
      }
    });
    const n = buckets * features.length;
    params.seasonal = {
      periodMs,
      buckets,
      minPoints,
      features,
      count: numberArray(s.count, 'seasonal.count', n, count, 'an integer >= 0'),
      median: numberArray(s.median, 'seasonal.median', n, finite, 'a finite number'),
      mad: numberArray(s.mad, 'seasonal.mad', n, nonNegative, 'a finite number >= 0'),
    };
  }
  return params;
}
