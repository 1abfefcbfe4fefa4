import { ReplaySeries } from './types';

/** VictoriaMetrics' /api/v1/import format: one JSON object per series per line, times in ms. */
export function* vmImportLines(series: ReplaySeries[]): Generator<string> {
  for (const s of series) {
    yield `${JSON.stringify({ metric: { __name__: s.name, ...s.labels }, values: s.values, timestamps: s.timestampsMs })}\n`;
  }
}
