import fs from 'node:fs';
import { parseCsv, parseFiniteNumber } from './numericCsv';
import { ReplayDataset, ReplayInputError, ReplaySeries } from './types';

/**
 * Our own CSV: `timestamp,instance,<metric>,<metric>…`, one row per host per time. Timestamps are
 * unix seconds or RFC 3339. Each metric column becomes `<metric>{instance, job="replay"}`. An empty
 * cell is a gap (the sample is left out), which is how real scrapes miss.
 */
export function readSentinelCsv(file: string): ReplayDataset {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new ReplayInputError(`cannot read ${file}: ${(err as Error).message}`);
  }
  const table = parseCsv(text, file);
  if (table.header[0] !== 'timestamp' || table.header[1] !== 'instance' || table.header.length < 3) {
    throw new ReplayInputError(`${file}: expected a header "timestamp,instance,<metric>…", found "${table.header.join(',')}"`);
  }
  const metrics = table.header.slice(2);
  const byKey = new Map<string, ReplaySeries>();
  table.rows.forEach((row, r) => {
    const line = r + 2;
    const timestampMs = parseTimestamp(row[0], file, line);
    const instance = row[1];
    if (instance === '') {
      throw new ReplayInputError(`${file} line ${line}: empty instance`);
    }
    metrics.forEach((metric, m) => {
      const cell = row[m + 2];
      if (cell === '') {
        return;
      }
      const key = `${metric}\u0000${instance}`;
      let series = byKey.get(key);
      if (!series) {
        series = { name: metric, labels: { instance, job: 'replay' }, timestampsMs: [], values: [] };
        byKey.set(key, series);
      }
      series.timestampsMs.push(timestampMs);
      series.values.push(parseFiniteNumber(cell, file, line, metric));
    });
  });
  const series = [...byKey.values()];
  for (const s of series) {
    sortByTime(s);
  }
  return { source: `csv ${file} (${table.rows.length} rows, ${series.length} series)`, series };
}

function parseTimestamp(cell: string, file: string, line: number): number {
  const ms = /^\d+(\.\d+)?$/.test(cell) ? Number(cell) * 1000 : Date.parse(cell);
  if (!Number.isFinite(ms)) {
    throw new ReplayInputError(`${file} line ${line}: "${cell}" is neither unix seconds nor an RFC 3339 time`);
  }
  return Math.round(ms);
}

/** Rows of different hosts may interleave in any order; each series must be in time order. */
function sortByTime(series: ReplaySeries): void {
  const order = series.timestampsMs.map((_, i) => i).sort((a, b) => series.timestampsMs[a] - series.timestampsMs[b]);
  series.timestampsMs = order.map((i) => series.timestampsMs[i]);
  series.values = order.map((i) => series.values[i]);
}
