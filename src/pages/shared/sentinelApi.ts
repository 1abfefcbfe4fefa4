/**
 * Everything the pages read from the network, behind small functions: the Sentinel datasource's
 * resources (pkg/plugin/resources.go) and Grafana's alert annotations. Each answer is checked with
 * zod at the boundary, so a page never renders a shape it did not expect.
 */
import { lastValueFrom } from 'rxjs';
import { z } from 'zod';
import { getBackendSrv } from '@grafana/runtime';

export function resourcesUrl(datasourceUid: string): string {
  return `/api/datasources/uid/${encodeURIComponent(datasourceUid)}/resources`;
}

export function modelsUrl(datasourceUid: string): string {
  return `${resourcesUrl(datasourceUid)}/models`;
}

export function activateModelUrl(datasourceUid: string, version: string): string {
  return `${modelsUrl(datasourceUid)}/${encodeURIComponent(version)}/activate`;
}

export function rollbackModelUrl(datasourceUid: string): string {
  return `${modelsUrl(datasourceUid)}/rollback`;
}

export function modelFileUrl(datasourceUid: string, version: string, name: string): string {
  return `${modelsUrl(datasourceUid)}/${encodeURIComponent(version)}/files/${encodeURIComponent(name)}`;
}

/** The backend takes RFC 3339 or unix milliseconds; milliseconds avoid time-zone formatting. */
export function explainUrl(datasourceUid: string, host: string, timeMs: number, modelVersion = ''): string {
  const params = new URLSearchParams({ host, time: String(Math.round(timeMs)) });
  if (modelVersion) {
    params.set('model', modelVersion);
  }
  return `${resourcesUrl(datasourceUid)}/explain?${params.toString()}`;
}

/** Grafana's alert state history stored as annotations (the stable API in Grafana 12). */
export function alertAnnotationsUrl(fromMs: number, toMs: number, limit = 500): string {
  const params = new URLSearchParams({
    type: 'alert',
    from: String(Math.round(fromMs)),
    to: String(Math.round(toMs)),
    limit: String(limit),
  });
  return `/api/annotations?${params.toString()}`;
}

const alertingRuleSchema = z.object({
  threshold: z.number(),
  minDurationSteps: z.number(),
  clearBelow: z.number(),
});

const modelSummarySchema = z.object({
  name: z.string().default(''),
  version: z.string(),
  contentHash: z.string().default(''),
  active: z.boolean().default(false),
  stepSeconds: z.number().default(0),
  horizon: z.string().default(''),
  alerting: alertingRuleSchema.optional(),
  evaluation: z.record(z.unknown()).optional(),
  error: z.string().optional(),
});

export const modelsResponseSchema = z.object({
  active: z.string(),
  models: z.array(modelSummarySchema),
});

export type ModelSummary = z.infer<typeof modelSummarySchema>;
export type ModelsResponse = z.infer<typeof modelsResponseSchema>;

const activeResponseSchema = z.object({ active: z.string() });

export const explainResponseSchema = z.object({
  host: z.string(),
  time: z.string(),
  risk: z.number(),
  components: z.record(z.number()),
  /** The calibration's weight per part (0: this model does not use the part); older backends omit it. */
  weights: z.record(z.number()).optional(),
  /** Whether risk comes from the model's failure head, which reads every part; older backends omit it. */
  failureHead: z.boolean().optional(),
  // Go encodes an empty slice as null.
  contributions: z
    .array(z.object({ feature: z.string(), share: z.number() }))
    .nullable()
    .transform((c) => c ?? []),
});

export type Explanation = z.infer<typeof explainResponseSchema>;

export const alertAnnotationSchema = z
  .object({
    id: z.number(),
    time: z.number(),
    timeEnd: z.number().optional(),
    text: z.string().default(''),
    alertName: z.string().optional(),
    newState: z.string().optional(),
    prevState: z.string().optional(),
    tags: z.array(z.string()).nullable().optional(),
    data: z.unknown().optional(),
  })
  .passthrough();

export type AlertAnnotation = z.infer<typeof alertAnnotationSchema>;

/** The part of sentinel.json the host page needs: each feature's PromQL template. */
export const featureSpecsSchema = z.object({
  rateWindow: z.string().default('1m'),
  features: z.array(
    z.object({
      name: z.string(),
      description: z.string().default(''),
      unit: z.string().default(''),
      promql: z.string(),
    })
  ),
});

export type FeatureSpecs = z.infer<typeof featureSpecsSchema>;

/** An answer that is not what the endpoint documents; the message names the endpoint and the field. */
export class UnexpectedResponseError extends Error {
  constructor(url: string, issues: z.ZodIssue[]) {
    const first = issues[0];
    const where = first && first.path.length > 0 ? ` at ${first.path.join('.')}` : '';
    super(`unexpected answer from ${url.split('?')[0]}${where}: ${first?.message ?? 'invalid'}`);
    this.name = 'UnexpectedResponseError';
  }
}

export function parseResponse<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, url: string, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new UnexpectedResponseError(url, parsed.error.issues);
  }
  return parsed.data;
}

/**
 * The message to show for a failed request: the backend's own `{"error": …}` (it says what to do),
 * else Grafana's `{"message": …}`, else the HTTP status.
 */
export function describeRequestError(err: unknown): string {
  if (err instanceof Error) {
    return err.message;
  }
  if (typeof err === 'object' && err !== null) {
    const e = err as { status?: unknown; statusText?: unknown; data?: unknown; message?: unknown };
    const data = typeof e.data === 'object' && e.data !== null ? (e.data as Record<string, unknown>) : undefined;
    const detail = [data?.error, data?.message, e.message].find((m) => typeof m === 'string' && m.trim() !== '');
    const status = typeof e.status === 'number' ? `HTTP ${e.status}` : undefined;
    if (typeof detail === 'string') {
      return status ? `${detail} (${status})` : detail;
    }
    if (status) {
      return typeof e.statusText === 'string' && e.statusText ? `${status} ${e.statusText}` : status;
    }
  }
  if (typeof err === 'string' && err) {
    return err;
  }
  return 'the request failed without a message';
}

async function requestJson(method: 'GET' | 'POST', url: string): Promise<unknown> {
  const response = await lastValueFrom(
    getBackendSrv().fetch<unknown>({ method, url, showErrorAlert: false, showSuccessAlert: false })
  );
  return response.data;
}

export async function fetchModels(datasourceUid: string): Promise<ModelsResponse> {
  const url = modelsUrl(datasourceUid);
  return parseResponse(modelsResponseSchema, url, await requestJson('GET', url));
}

/** Makes a version active; resolves to the version the backend reports active afterwards. */
export async function activateModel(datasourceUid: string, version: string): Promise<string> {
  const url = activateModelUrl(datasourceUid, version);
  return parseResponse(activeResponseSchema, url, await requestJson('POST', url)).active;
}

export async function rollbackModel(datasourceUid: string): Promise<string> {
  const url = rollbackModelUrl(datasourceUid);
  return parseResponse(activeResponseSchema, url, await requestJson('POST', url)).active;
}

export async function fetchExplanation(
  datasourceUid: string,
  host: string,
  timeMs: number,
  modelVersion = ''
): Promise<Explanation> {
  const url = explainUrl(datasourceUid, host, timeMs, modelVersion);
  return parseResponse(explainResponseSchema, url, await requestJson('GET', url));
}

export async function fetchAlertAnnotations(fromMs: number, toMs: number): Promise<AlertAnnotation[]> {
  const url = alertAnnotationsUrl(fromMs, toMs);
  return parseResponse(z.array(alertAnnotationSchema), url, await requestJson('GET', url));
}

/** The feature PromQL of a model version, read from the exact sentinel.json the backend runs. */
export async function fetchFeatureSpecs(datasourceUid: string, version: string): Promise<FeatureSpecs> {
  const url = modelFileUrl(datasourceUid, version, 'sentinel.json');
  let body = await requestJson('GET', url);
  // The file is served as application/octet-stream; backendSrv may hand it back as text.
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      throw new Error(`${url} is not JSON`);
    }
  }
  return parseResponse(featureSpecsSchema, url, body);
}
