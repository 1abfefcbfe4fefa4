import { ReplaySeries } from './types';

/** promtool cuts blocks at multiples of two hours (its default block range) since the epoch. */
export const PROMTOOL_BLOCK_MS = 2 * 60 * 60 * 1000;

/** One OpenMetrics document holding the samples of consecutive two-hour blocks from startMs. */
export interface OpenMetricsWindow {
  startMs: number;
  text: string;
}

/**
 * OpenMetrics text for `promtool tsdb create-blocks-from openmetrics`, as several documents.
 * promtool 2.42 re-reads its whole input once per two-hour block it finds, so a month in one file
 * costs hundreds of passes; one file per block costs a process start each. Documents therefore
 * hold consecutive blocks up to `maxLines` samples (or `maxBlocks` blocks), which keeps both
 * costs small. Within a document all series of a metric family stand together (OpenMetrics
 * requires it), timestamps are in seconds, and values in JavaScript's shortest round-trip form,
 * so Prometheus stores exactly the number we read.
 */
export function* openMetricsWindows(
  series: ReplaySeries[],
  { windowMs = PROMTOOL_BLOCK_MS, maxLines = 20_000, maxBlocks = 24 } = {}
): Generator<OpenMetricsWindow> {
  const byFamily = new Map<string, ReplaySeries[]>();
  for (const s of series) {
    byFamily.set(s.name, [...(byFamily.get(s.name) ?? []), s]);
  }
  const linesPerBlock = new Map<number, number>();
  for (const s of series) {
    for (const t of s.timestampsMs) {
      const block = Math.floor(t / windowMs) * windowMs;
      linesPerBlock.set(block, (linesPerBlock.get(block) ?? 0) + 1);
    }
  }
  const blocks = [...linesPerBlock.keys()].sort((a, b) => a - b);
  for (let i = 0; i < blocks.length; ) {
    const startMs = blocks[i];
    let lines = 0;
    let j = i;
    while (j < blocks.length && j - i < maxBlocks && (j === i || lines + linesPerBlock.get(blocks[j])! <= maxLines)) {
      lines += linesPerBlock.get(blocks[j])!;
      j++;
    }
    const endMs = blocks[j - 1] + windowMs;
    i = j;
    const parts: string[] = [];
    for (const [name, family] of byFamily) {
      parts.push(`# TYPE ${name} gauge\n`);
      for (const s of family) {
        const prefix = `${name}${formatLabels(s.labels)} `;
        for (let k = lowerBound(s.timestampsMs, startMs); k < s.timestampsMs.length && s.timestampsMs[k] < endMs; k++) {
          parts.push(`${prefix}${String(s.values[k])} ${String(s.timestampsMs[k] / 1000)}\n`);
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
