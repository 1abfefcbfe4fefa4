import { DataSourceJsonData } from '@grafana/data';
import { DataQuery } from '@grafana/schema';

/** A query the backend runs against the upstream: PromQL for now; risk queries come with the engine. */
export interface SentinelQuery extends DataQuery {
  expr: string;
  stepSeconds?: number;
  instant?: boolean;
}

export const DEFAULT_QUERY: Partial<SentinelQuery> = {
  expr: 'node_load1',
};

export type AuthType = 'none' | 'basic' | 'bearer';

/** jsonData of the datasource; the Go backend reads the same names (pkg/plugin/settings.go). */
export interface SentinelOptions extends DataSourceJsonData {
  authType?: AuthType;
  basicAuthUser?: string;
  timeoutSeconds?: number;
  maxSeries?: number;
  maxPoints?: number;
  /** Folder of model versions on the Grafana server (pkg/model/registry.go). */
  modelDir?: string;
}

/** secureJsonData: stored encrypted by Grafana, never sent back to the browser. */
export interface SentinelSecureOptions {
  basicAuthPassword?: string;
  bearerToken?: string;
}

export const DEFAULT_TIMEOUT_SECONDS = 30;
export const DEFAULT_MAX_SERIES = 1000;
export const DEFAULT_MAX_POINTS = 11000;
