import { ReplaySeries } from './types';

/** promtool cuts blocks at multiples of two hours (its default block range) since the epoch. */
export const PROMTOOL_BLOCK_MS = 2 * 60 * 60 * 1000;

/** One OpenMetrics document holding the samples of one time window. */
export interface OpenMetricsWindow {
  startMs: number;
  text: string;
}

/**
 * OpenMetrics text for `promtool tsdb create-blocks-from openmetrics`, one document per
 * two-hour window. promtool 2.42 re-reads its whole input once per window it finds, so a month of
 * data in one file costs hundreds of passes; a file per window costs one.
 * Within a document all series of a metric family stand together (OpenMetrics requires it),
 * timestamps are in seconds, and values in JavaScript's shortest round-trip form, so Prometheus
 * stores exactly the number we read.
 */
export function* openMetricsWindows(series: ReplaySeries[], windowMs = PROMTOOL_BLOCK_MS): Generator<OpenMetricsWindow> {
  const byFamily = new Map<string, ReplaySeries[]>();
  for (const s of series) {
    byFamily.set(s.name, [...(byFamily.get(s.name) ?? []), s]);
  }
  const windows = new Set<number>();
  for (const s of series) {
    for (const t of s.timestampsMs) {
      windows.add(Math.floor(t / windowMs) * windowMs);
    }
  }
  for (const startMs of [...windows].sort((a, b) => a - b)) {
    const endMs = startMs + windowMs;
    const parts: string[] = [];
    for (const [name, family] of byFamily) {
      parts.push(`# TYPE ${name} gauge\n`);
      for (const s of family) {
        const prefix = `${name}${formatLabels(s.labels)} `;
        for (let i = lowerBound(s.timestampsMs, startMs); i < s.timestampsMs.length && s.timestampsMs[i] < endMs; i++) {
          parts.push(`${prefix}${String(s.values[i])} ${String(s.timestampsMs[i] / 1000)}\n`);
        }
      }
    }
    parts.push('# EOF\n');
    yield { startMs, text: parts.join('') };
  }
}

export function formatLabels(labels: Record<string, string>): string {
  const pairs = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabelValue(v)}"`);
  return pairs.length ? `{${pairs.join(',')}}` : '';
}

function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** First index whose timestamp is >= t (timestamps are increasing). */
function lowerBound(timestamps: number[], t: number): number {
  let lo = 0;
  let hi = timestamps.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (timestamps[mid] < t) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}
