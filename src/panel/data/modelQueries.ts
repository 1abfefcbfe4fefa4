import { lastValueFrom } from 'rxjs';
import { z } from 'zod';
import { DataFrame, dataFrameFromJSON, DataFrameJSON } from '@grafana/data';
import { getBackendSrv } from '@grafana/runtime';

/** What the panel needs of a model's feature to query it: its name and PromQL template. */
export interface FeatureQuerySpec {
  name: string;
  promql: string;
}

export const DEFAULT_RATE_WINDOW = '1m';

/** A feature's PromQL for the chosen hosts ($selector and $rate as in the model's templates). */
export function renderTemplate(promql: string, hostSelector: string, rateWindow = DEFAULT_RATE_WINDOW): string {
  return promql.replace(/\$selector/g, hostSelector.trim()).replace(/\$rate/g, rateWindow);
}

/** The /api/ds/query body asking a Prometheus datasource for every feature on the model's step. */
export function featureQueryRequest(
  features: FeatureQuerySpec[],
  prometheusUid: string,
  hostSelector: string,
  fromMs: number,
  toMs: number,
  stepSeconds: number,
  /** The model's rate window (sentinel.json rateWindow), as the backend renders it. */
  rateWindow = DEFAULT_RATE_WINDOW
) {
  const maxDataPoints = Math.ceil((toMs - fromMs) / (stepSeconds * 1000)) + 1;
  return {
    from: String(fromMs),
    to: String(toMs),
    queries: features.map((f) => ({
      refId: f.name,
      datasource: { uid: prometheusUid, type: 'prometheus' },
      expr: renderTemplate(f.promql, hostSelector, rateWindow),
      range: true,
      instant: false,
      interval: `${stepSeconds}s`,
      intervalMs: stepSeconds * 1000,
      maxDataPoints,
      legendFormat: '{{instance}}',
    })),
  };
}

const dsQueryResponse = z.object({
  results: z.record(
    z.object({
      frames: z.array(z.unknown()).optional(),
      error: z.string().optional(),
    })
  ),
});

export interface FeatureFrames {
  frames: DataFrame[];
  /** Per feature, the error the datasource returned for its query. */
  errors: Record<string, string>;
}

/** Runs the feature queries through Grafana (so its auth, proxy and limits apply). */
export async function queryFeatures(request: ReturnType<typeof featureQueryRequest>, signal?: AbortSignal): Promise<FeatureFrames> {
  let body: unknown;
  try {
    const response = await lastValueFrom(getBackendSrv().fetch({ url: '/api/ds/query', method: 'POST', data: request, showErrorAlert: false }));
    body = response.data;
  } catch (err) {
    const e = err as { status?: number; data?: { message?: string; results?: unknown } };
    // Grafana answers 400/500 with per-query errors in the body when every query failed.
    if (e.data?.results) {
      body = e.data;
    } else {
      throw new Error(`the Prometheus datasource did not answer the feature queries: ${e.status ?? ''} ${e.data?.message ?? (err as Error).message ?? ''}`.trim());
    }
  }
  if (signal?.aborted) {
    throw new DOMException('cancelled', 'AbortError');
  }
  const parsed = dsQueryResponse.safeParse(body);
  if (!parsed.success) {
    throw new Error(`unexpected /api/ds/query answer: ${parsed.error.issues[0]?.message}`);
  }
  const frames: DataFrame[] = [];
  const errors: Record<string, string> = {};
  for (const [refId, result] of Object.entries(parsed.data.results)) {
    if (result.error) {
      errors[refId] = result.error;
    }
    for (const json of result.frames ?? []) {
      const frame = dataFrameFromJSON(json as DataFrameJSON);
      frames.push({ ...frame, refId });
    }
  }
  return { frames, errors };
}
