import { ReplaySeries } from './types';

/**
 * Series selectors that match exactly the hosts a replay writes, so replacing a dataset removes
 * its earlier copy and nothing else.
 */
export function replacedSelectors(series: ReplaySeries[]): string[] {
  const instances = new Set(series.map((s) => s.labels.instance ?? ''));
  return [...instances].sort().map((instance) => `{job="replay",instance="${instance.replace(/["\\]/g, '\\$&')}"}`);
}
