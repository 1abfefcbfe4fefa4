import { z } from 'zod';
import { getBackendSrv } from '@grafana/runtime';

/** The part of GET models (pkg/plugin/resources.go) the query editor shows; other fields are ignored. */
const modelsResponseSchema = z.object({
  active: z.string(),
  models: z.array(
    z.object({
      version: z.string(),
      name: z.string().optional(),
      horizon: z.string().optional(),
      // A broken model folder is listed with its error rather than hidden.
      error: z.string().optional(),
    })
  ),
});

export type ModelVersions = z.infer<typeof modelsResponseSchema>;

function describeFailure(err: unknown): string {
  const e = err as {
    status?: number;
    statusText?: string;
    data?: { message?: string; error?: string };
    message?: string;
  };
  return (
    [e.status, e.data?.message ?? e.data?.error ?? e.message ?? e.statusText].filter(Boolean).join(' ') || String(err)
  );
}

/** The model versions the backend can run, checked at the boundary so the editor never renders an unexpected shape. */
export async function fetchModelVersions(datasourceUid: string): Promise<ModelVersions> {
  const url = `/api/datasources/uid/${encodeURIComponent(datasourceUid)}/resources/models`;
  let body: unknown;
  try {
    // The editor shows the failure next to the field; Grafana's toast would repeat it on every open.
    body = await getBackendSrv().get(url, undefined, undefined, { showErrorAlert: false });
  } catch (err) {
    throw new Error(
      `Could not list the model versions (${describeFailure(err)}); type a version, or leave it empty for the active one.`
    );
  }
  const parsed = modelsResponseSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `The datasource answered GET models with an unexpected shape (${issue?.path.join('.') || 'body'}: ${issue?.message}); is the plugin's backend the same version as its frontend?`
    );
  }
  return parsed.data;
}
