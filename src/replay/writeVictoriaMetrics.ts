import { replacedSelectors } from './selectors';
import { ReplaySeries, ReplayTargetError } from './types';
import { vmImportLines } from './vmImportLines';

const TARGET = 'VictoriaMetrics';

/** Replaces the replayed hosts' data in VictoriaMetrics and makes it queryable at once. */
export async function writeVictoriaMetrics(baseUrl: string, series: ReplaySeries[], replace: boolean, selectors: string[] = replacedSelectors(series)): Promise<void> {
  if (replace) {
    for (const selector of selectors) {
      await call(baseUrl, `/api/v1/admin/tsdb/delete_series?match[]=${encodeURIComponent(selector)}`, { method: 'POST' });
    }
  }
  await call(baseUrl, '/api/v1/import', { method: 'POST', body: [...vmImportLines(series)].join('') });
  // Without a flush, freshly imported rows become searchable only after VictoriaMetrics' own
  // periodic flush (about a second), and a test querying at once would see nothing.
  await call(baseUrl, '/internal/force_flush', { method: 'GET' });
}

async function call(baseUrl: string, path: string, init: RequestInit): Promise<void> {
  let response: Response;
  try {
    response = await fetch(new URL(path, baseUrl), init);
  } catch (err) {
    throw new ReplayTargetError(TARGET, `unreachable at ${baseUrl} (${(err as Error).message}); is the stack up? run scripts/stack start`);
  }
  if (!response.ok) {
    throw new ReplayTargetError(TARGET, `${path.split('?')[0]} answered ${response.status}: ${(await response.text()).slice(0, 500)}`);
  }
}
