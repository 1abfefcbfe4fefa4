import { lastValueFrom } from 'rxjs';
import { z } from 'zod';
import { getBackendSrv, getDataSourceSrv } from '@grafana/runtime';
import type { ArtifactFiles } from '../../model/artifact/artifact';
import { ARTIFACT_FILES } from '../../model/artifact/artifactFiles';

/** The Sentinel risk datasource's plugin id: the panel loads its model from there. */
export const BACKEND_TYPE = 'anomalysentinel-risk-datasource';

const modelsResponse = z.object({
  active: z.string(),
  models: z.array(
    z.object({
      version: z.string(),
      contentHash: z.string().optional(),
      active: z.boolean().optional(),
      error: z.string().optional(),
    })
  ),
});
export type ModelsResponse = z.infer<typeof modelsResponse>;

/** A failure talking to the backend, with what the user can do about it. */
export class BackendModelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackendModelError';
  }
}

/** The uid of the Sentinel risk datasource to use: the configured one, else the first one. */
export function resolveBackendUid(configured: string): string {
  if (configured) {
    return configured;
  }
  const first = getDataSourceSrv().getList({ type: BACKEND_TYPE })[0];
  if (!first) {
    throw new BackendModelError('no Sentinel risk datasource is configured: add one (Connections → Data sources) so the panel can load the model');
  }
  return first.uid;
}

function resourceUrl(uid: string, path: string): string {
  return `/api/datasources/uid/${encodeURIComponent(uid)}/resources/${path}`;
}

function describe(err: unknown): string {
  const e = err as { status?: number; data?: { message?: string; error?: string }; message?: string };
  return [e.status, e.data?.message ?? e.data?.error ?? e.message].filter(Boolean).join(' ') || String(err);
}

export async function fetchModels(uid: string): Promise<ModelsResponse> {
  let body: unknown;
  try {
    body = await getBackendSrv().get(resourceUrl(uid, 'models'), undefined, undefined, { showErrorAlert: false });
  } catch (err) {
    throw new BackendModelError(`the Sentinel risk datasource (${uid}) did not list its models: ${describe(err)}`);
  }
  const parsed = modelsResponse.safeParse(body);
  if (!parsed.success) {
    throw new BackendModelError(`the Sentinel risk datasource answered /models with something unexpected: ${parsed.error.issues[0]?.message}`);
  }
  return parsed.data;
}

/**
 * The artifact files of one version exactly as the backend serves them, so the panel runs the
 * model the alert rules run ('' = the active version), with the backend's content hash.
 */
export async function fetchModelFiles(uid: string, requested: string): Promise<{ version: string; files: ArtifactFiles; contentHash?: string }> {
  const models = await fetchModels(uid);
  const version = requested || models.active;
  const entry = models.models.find((m) => m.version === version);
  if (!entry) {
    throw new BackendModelError(`model version "${version}" is not on the backend (it has ${models.models.map((m) => m.version).join(', ') || 'none'})`);
  }
  if (entry.error) {
    throw new BackendModelError(`model version "${version}" is broken on the backend: ${entry.error}`);
  }
  const files = {} as ArtifactFiles;
  await Promise.all(
    ARTIFACT_FILES.map(async (name) => {
      try {
        const response = await lastValueFrom(
          getBackendSrv().fetch<ArrayBuffer>({
            url: resourceUrl(uid, `models/${encodeURIComponent(version)}/files/${name}`),
            responseType: 'arraybuffer',
            showErrorAlert: false,
          })
        );
        files[name] = new Uint8Array(response.data);
      } catch (err) {
        throw new BackendModelError(`could not load ${name} of model ${version}: ${describe(err)}`);
      }
    })
  );
  return { version, files, contentHash: entry.contentHash };
}
