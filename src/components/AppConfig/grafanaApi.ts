/**
 * The Grafana HTTP API calls of the config page, one small function each. Every response is
 * checked with a zod schema, so an unexpected answer (another Grafana version, a proxy's HTML
 * error page) fails with a message naming the call instead of as undefined further on.
 */
import { lastValueFrom } from 'rxjs';
import { z } from 'zod';
import { getBackendSrv } from '@grafana/runtime';

/** A failed Grafana API call: which call, Grafana's status and message. */
export class GrafanaApiError extends Error {
  constructor(
    readonly call: string,
    readonly status: number | undefined,
    readonly reason: string
  ) {
    super(`${call} failed${status ? ` (HTTP ${status})` : ''}: ${reason}`);
    this.name = 'GrafanaApiError';
  }
}

/** backendSrv rejects with a FetchError whose data.message says what Grafana refused; anything else is shown as text. */
export function fetchErrorReason(err: unknown): string {
  if (typeof err === 'object' && err !== null) {
    const { data, message, statusText } = err as { data?: unknown; message?: unknown; statusText?: unknown };
    if (typeof data === 'object' && data !== null) {
      const {
        message: dataMessage,
        error,
        results,
      } = data as { message?: unknown; error?: unknown; results?: unknown };
      // /api/ds/query puts a failed query's reason into its result, not into message.
      const queryError = firstQueryError(results);
      if (queryError) {
        return queryError;
      }
      if (typeof dataMessage === 'string' && dataMessage !== '') {
        return dataMessage;
      }
      if (typeof error === 'string' && error !== '') {
        return error;
      }
    }
    if (typeof message === 'string' && message !== '') {
      return message;
    }
    if (typeof statusText === 'string' && statusText !== '') {
      return statusText;
    }
  }
  return String(err);
}

function firstQueryError(results: unknown): string | undefined {
  if (typeof results !== 'object' || results === null) {
    return undefined;
  }
  for (const result of Object.values(results)) {
    const error = typeof result === 'object' && result !== null ? (result as { error?: unknown }).error : undefined;
    if (typeof error === 'string' && error !== '') {
      return error;
    }
  }
  return undefined;
}

function fetchErrorStatus(err: unknown): number | undefined {
  const status = typeof err === 'object' && err !== null ? (err as { status?: unknown }).status : undefined;
  return typeof status === 'number' ? status : undefined;
}

interface Request {
  method: 'GET' | 'POST' | 'PUT';
  url: string;
  data?: unknown;
  headers?: Record<string, string>;
}

async function call<T>(request: Request, schema: z.ZodType<T>): Promise<T> {
  const name = `${request.method} ${request.url}`;
  let body: unknown;
  try {
    const response = await lastValueFrom(getBackendSrv().fetch<unknown>({ ...request, showErrorAlert: false }));
    body = response.data;
  } catch (err) {
    throw new GrafanaApiError(name, fetchErrorStatus(err), fetchErrorReason(err));
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length > 0 ? issue.path.join('.') : 'the body';
    throw new GrafanaApiError(name, undefined, `unexpected answer: ${where}: ${issue.message}`);
  }
  return parsed.data;
}

/** Like call, but a 404 is an answer (undefined), not an error. */
async function callOptional<T>(request: Request, schema: z.ZodType<T>): Promise<T | undefined> {
  try {
    return await call(request, schema);
  } catch (err) {
    if (err instanceof GrafanaApiError && err.status === 404) {
      return undefined;
    }
    throw err;
  }
}

// --- plugin settings -------------------------------------------------------------------------

export function savePluginSettings(
  pluginId: string,
  data: { enabled?: boolean; pinned?: boolean; jsonData: object }
): Promise<unknown> {
  return call({ method: 'POST', url: `/api/plugins/${pluginId}/settings`, data }, z.unknown());
}

// --- datasources -----------------------------------------------------------------------------

export const datasourceSchema = z
  .object({
    uid: z.string(),
    name: z.string(),
    type: z.string(),
    readOnly: z.boolean().optional(),
    jsonData: z.record(z.unknown()).nullish(),
  })
  .passthrough();
export type DatasourceSettings = z.infer<typeof datasourceSchema>;

export function getDatasource(uid: string): Promise<DatasourceSettings> {
  return call({ method: 'GET', url: `/api/datasources/uid/${encodeURIComponent(uid)}` }, datasourceSchema);
}

/** Replaces the datasource's settings with `settings` (Grafana keeps secrets that are not sent). */
export function putDatasource(uid: string, settings: DatasourceSettings): Promise<unknown> {
  return call(
    { method: 'PUT', url: `/api/datasources/uid/${encodeURIComponent(uid)}`, data: settings },
    z.object({ datasource: z.object({ uid: z.string() }).passthrough() }).passthrough()
  );
}

// --- instant queries through /api/ds/query ---------------------------------------------------

const frameSchema = z
  .object({
    schema: z
      .object({
        fields: z.array(
          z
            .object({
              name: z.string().optional(),
              type: z.string().optional(),
              labels: z.record(z.string()).nullish(),
            })
            .passthrough()
        ),
      })
      .passthrough()
      .optional(),
    data: z
      .object({ values: z.array(z.array(z.unknown())) })
      .passthrough()
      .optional(),
  })
  .passthrough();
export type QueryFrame = z.infer<typeof frameSchema>;

const queryResultSchema = z
  .object({
    status: z.number().optional(),
    error: z.string().optional(),
    frames: z.array(frameSchema).nullish(),
  })
  .passthrough();
export type QueryResult = z.infer<typeof queryResultSchema>;

export const dsQueryResponseSchema = z.object({ results: z.record(queryResultSchema) }).passthrough();

/** The body of an instant PromQL query through Grafana's query API. */
export function instantQueryRequest(datasourceUid: string, refId: string, expr: string) {
  return {
    queries: [{ refId, datasource: { uid: datasourceUid }, expr, instant: true, range: false }],
    from: 'now-5m',
    to: 'now',
  };
}

/**
 * One instant query on a Prometheus datasource; the result of its refId. Grafana answers a failed
 * query with HTTP 400 (or 207) and the reason in results[refId].error, which becomes the error.
 */
export async function runInstantQuery(datasourceUid: string, refId: string, expr: string): Promise<QueryResult> {
  const response = await call(
    { method: 'POST', url: '/api/ds/query', data: instantQueryRequest(datasourceUid, refId, expr) },
    dsQueryResponseSchema
  );
  const result = response.results[refId];
  if (!result) {
    throw new GrafanaApiError('POST /api/ds/query', undefined, `unexpected answer: no result for query ${refId}`);
  }
  if (result.error) {
    throw new GrafanaApiError('POST /api/ds/query', result.status, result.error);
  }
  return result;
}

// --- folders ---------------------------------------------------------------------------------

export const folderSchema = z.object({ uid: z.string(), title: z.string(), url: z.string().optional() }).passthrough();
export type Folder = z.infer<typeof folderSchema>;

export function getFolder(uid: string): Promise<Folder | undefined> {
  return callOptional({ method: 'GET', url: `/api/folders/${encodeURIComponent(uid)}` }, folderSchema);
}

export function listFolders(): Promise<Folder[]> {
  return call({ method: 'GET', url: '/api/folders?limit=1000' }, z.array(folderSchema));
}

export function createFolder(uid: string, title: string): Promise<Folder> {
  return call({ method: 'POST', url: '/api/folders', data: { uid, title } }, folderSchema);
}

// --- dashboards ------------------------------------------------------------------------------

export const savedDashboardSchema = z
  .object({ uid: z.string(), url: z.string(), status: z.string().optional(), version: z.number().optional() })
  .passthrough();
export type SavedDashboard = z.infer<typeof savedDashboardSchema>;

export function saveDashboard(dashboard: object, folderUid: string, message: string): Promise<SavedDashboard> {
  return call(
    {
      method: 'POST',
      url: '/api/dashboards/db',
      data: { dashboard: { ...dashboard, id: null }, folderUid, overwrite: true, message },
    },
    savedDashboardSchema
  );
}

// --- alert rules (Grafana's alerting provisioning API) -----------------------------------------

export const provisionedRuleSchema = z
  .object({
    uid: z.string(),
    title: z.string(),
    folderUID: z.string(),
    ruleGroup: z.string(),
    provenance: z.string().optional(),
  })
  .passthrough();
export type ProvisionedRule = z.infer<typeof provisionedRuleSchema>;

export function getAlertRule(uid: string): Promise<ProvisionedRule | undefined> {
  return callOptional(
    { method: 'GET', url: `/api/v1/provisioning/alert-rules/${encodeURIComponent(uid)}` },
    provisionedRuleSchema
  );
}

export const ruleGroupSchema = z
  .object({
    title: z.string(),
    folderUid: z.string(),
    interval: z.number(),
    rules: z.array(z.object({ uid: z.string(), title: z.string() }).passthrough()),
  })
  .passthrough();
export type RuleGroup = z.infer<typeof ruleGroupSchema>;

/**
 * Creates or replaces a rule group. X-Disable-Provenance keeps the rules editable in Grafana's
 * alerting UI, as if a user had made them there (the page installs examples, not locked config).
 */
export function putRuleGroup(folderUid: string, group: RuleGroup): Promise<RuleGroup> {
  return call(
    {
      method: 'PUT',
      url: `/api/v1/provisioning/folder/${encodeURIComponent(folderUid)}/rule-groups/${encodeURIComponent(group.title)}`,
      data: group,
      headers: { 'X-Disable-Provenance': 'true' },
    },
    ruleGroupSchema
  );
}
