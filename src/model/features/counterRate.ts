import { FeatureInputError } from './errors';

/**
 * Per-second rate of a monotonic counter between consecutive samples, the way Prometheus treats
 * resets: a drop means the counter restarted from zero, so the increase is the new value itself.
 * The rate is stamped at the later sample; the first sample has none.
 */
export function counterRate(timestampsMs: ArrayLike<number>, values: ArrayLike<number>, name: string): { timestampsMs: number[]; values: number[] } {
  const outT: number[] = [];
  const outV: number[] = [];
  for (let i = 1; i < values.length; i++) {
    const dtSeconds = (timestampsMs[i] - timestampsMs[i - 1]) / 1000;
    const prev = values[i - 1];
    const cur = values[i];
    if (!Number.isFinite(prev) || !Number.isFinite(cur)) {
      throw new FeatureInputError(`counter "${name}" holds a non-finite value near ${new Date(timestampsMs[i]).toISOString()}`);
    }
    if (!(dtSeconds > 0)) {
      throw new FeatureInputError(`counter "${name}": timestamps must increase (at ${new Date(timestampsMs[i]).toISOString()})`);
    }
    if (cur < 0) {
      throw new FeatureInputError(`counter "${name}" is negative (${cur}) at ${new Date(timestampsMs[i]).toISOString()}; it is not a counter`);
    }
    const increase = cur >= prev ? cur - prev : cur;
    outT.push(timestampsMs[i]);
    outV.push(increase / dtSeconds);
  }
  return { timestampsMs: outT, values: outV };
}
