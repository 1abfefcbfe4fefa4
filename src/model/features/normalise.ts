import { FeatureInputError } from './errors';
import { FeatureUnit } from './featureSpec';
import { HostFeatureMatrix } from './alignSeries';

/**
 * Unit-aware normalisation. Ratios stay linear (their limits, like a full disk at 1.0, matter
 * in their own units); byte and event rates span orders of magnitude, so they are log1p'd first.
 * Then a z-score with statistics fitted on training data and saved in the artifact.
 */
export interface FeatureNormalisation {
  unit: FeatureUnit;
  mean: number;
  std: number;
}

/** Below this spread (in transformed units) a feature is treated as constant, not amplified. */
export const MIN_STD = 1e-3;

export function transformValue(unit: FeatureUnit, x: number): number {
  switch (unit) {
    case 'ratio':
      return x;
    case 'bytes_per_second':
    case 'per_second':
    case 'load_per_core':
      return Math.log1p(Math.max(x, 0));
  }
}

export function inverseTransformValue(unit: FeatureUnit, y: number): number {
  return unit === 'ratio' ? y : Math.expm1(y);
}

/** Mean and standard deviation of each transformed feature over the present cells of all hosts. */
export function fitNormalisation(hosts: HostFeatureMatrix[], units: FeatureUnit[]): FeatureNormalisation[] {
  const F = units.length;
  const sum = new Float64Array(F);
  const sumSq = new Float64Array(F);
  const count = new Float64Array(F);
  for (const host of hosts) {
    assertShape(host, F);
    for (let i = 0; i < host.values.length; i++) {
      if (host.missing[i]) {
        continue;
      }
      const f = i % F;
      const y = transformValue(units[f], host.values[i]);
      sum[f] += y;
      sumSq[f] += y * y;
      count[f] += 1;
    }
  }
  return units.map((unit, f) => {
    if (count[f] < 2) {
      throw new FeatureInputError(`feature "${hosts[0]?.features[f] ?? f}" has fewer than 2 present values in the training data; check its query`);
    }
    const mean = sum[f] / count[f];
    const variance = Math.max(sumSq[f] / count[f] - mean * mean, 0);
    return { unit, mean, std: Math.max(Math.sqrt(variance), MIN_STD) };
  });
}

/** Normalised copy of a host's values; missing cells become 0 (the training mean) and stay flagged. */
/**
 * Normalised values are held within ±Z_LIMIT: a finite but absurd input (say 1e300 for a ratio)
 * would otherwise overflow float32, which the LSTM reads, into Infinity and NaN downstream. A
 * million standard deviations out is already as unusual as anything the model can say.
 * The Go runtime (pkg/model/normalise.go) clamps the same way.
 */
export const Z_LIMIT = 1e6;

export function clampZ(z: number): number {
  return Math.min(Math.max(z, -Z_LIMIT), Z_LIMIT);
}

export function normaliseHost(host: HostFeatureMatrix, stats: FeatureNormalisation[]): Float64Array {
  const F = stats.length;
  assertShape(host, F);
  const out = new Float64Array(host.values.length);
  for (let i = 0; i < out.length; i++) {
    if (host.missing[i]) {
      continue;
    }
    const s = stats[i % F];
    out[i] = clampZ((transformValue(s.unit, host.values[i]) - s.mean) / s.std);
  }
  return out;
}

export function denormaliseValue(stat: FeatureNormalisation, z: number): number {
  return inverseTransformValue(stat.unit, z * stat.std + stat.mean);
}

function assertShape(host: HostFeatureMatrix, F: number): void {
  if (host.features.length !== F || host.values.length !== host.timestampsMs.length * F) {
    throw new FeatureInputError(`host "${host.instance}" has ${host.features.length} features; the normalisation has ${F}`);
  }
}
