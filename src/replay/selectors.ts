import { ReplaySeries } from './types';

/**
 * Series selectors that match exactly the hosts a replay writes, so replacing a dataset removes
 * its earlier copy and nothing else.
 */
export function replacedSelectors(series: ReplaySeries[]): string[] {
  const keys = new Set(series.map((s) => `{job="${escape(s.labels.job ?? 'replay')}",instance="${escape(s.labels.instance ?? '')}"}`));
  return [...keys].sort();
}

function escape(value: string): string {
  return value.replace(/["\\]/g, '\\$&');
}
