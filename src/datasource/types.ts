import { DataSourceJsonData } from '@grafana/data';
import { DataQuery } from '@grafana/schema';

/**
 * A PromQL query the backend runs against the upstream (pkg/plugin/query.go). Any queryType other
 * than 'risk' is read as PromQL by the backend; the editor leaves it unset.
 */
export interface SentinelPromQLQuery extends DataQuery {
  queryType?: undefined;
  expr: string;
  /** Empty = the panel's interval; the backend never goes below 1 s. */
  stepSeconds?: number;
  /** One value per series at the end of the range instead of a time series. */
  instant?: boolean;
}

/** What a risk query returns; each is one frame shape (pkg/plugin/riskquery.go). */
export type RiskOutput = 'risk' | 'components' | 'contributions' | 'topFeatures' | 'events';

export const RISK_OUTPUTS: readonly RiskOutput[] = ['risk', 'components', 'contributions', 'topFeatures', 'events'];

/** Failure risk per host computed by the backend with a model version (pkg/plugin/riskquery.go). */
export interface SentinelRiskQuery extends DataQuery {
  queryType: 'risk';
  /** PromQL label matchers without braces, e.g. job="node"; empty = every instance. */
  hostSelector: string;
  /** Empty = the active version. */
  modelVersion?: string;
  /** Empty = 'risk'. */
  output?: RiskOutput;
  /** Features named by the contributions and topFeatures outputs; empty = 3. */
  top?: number;
  /** Overrides the model's alert threshold for the events output; a probability in (0, 1). */
  threshold?: number;
  /** May only restate the model's horizon: a dashboard that assumes one then fails loudly when the model changes. */
  horizonMinutes?: number;
}

export type SentinelQuery = SentinelPromQLQuery | SentinelRiskQuery;

export function isRiskQuery(query: Pick<DataQuery, 'queryType'>): query is SentinelRiskQuery {
  return query.queryType === 'risk';
}

export const DEFAULT_QUERY: Partial<SentinelPromQLQuery> = {
  expr: 'node_load1',
};

/** Alert rules are what risk queries are for, so a new rule starts with one. */
export const DEFAULT_RISK_QUERY: Partial<SentinelRiskQuery> = {
  queryType: 'risk',
  hostSelector: '',
  output: 'risk',
};

/** The backend's default for contributions and topFeatures (defaultTop in riskquery.go). */
export const DEFAULT_TOP = 3;

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
  /**
   * Feature name → PromQL template with $selector (and $rate), replacing the model's query for
   * fleets whose metrics are named differently. Written by the app's config page.
   */
  featureQueries?: Record<string, string>;
  /** Hosts whose features are fetched in one request; must fit maxSeries. */
  shardSize?: number;
  /** Upstream requests in flight for one risk query. */
  fetchConcurrency?: number;
  /** A risk query stops after this long and returns the hosts that finished. */
  queryBudgetSeconds?: number;
  /** A risk query selecting more hosts is refused. */
  maxHosts?: number;
}

/** secureJsonData: stored encrypted by Grafana, never sent back to the browser. */
export interface SentinelSecureOptions {
  basicAuthPassword?: string;
  bearerToken?: string;
}

export const DEFAULT_TIMEOUT_SECONDS = 30;
export const DEFAULT_MAX_SERIES = 1000;
export const DEFAULT_MAX_POINTS = 11000;
// pkg/fleet/fleet.go
export const DEFAULT_SHARD_SIZE = 100;
export const DEFAULT_FETCH_CONCURRENCY = 4;
export const DEFAULT_QUERY_BUDGET_SECONDS = 30;
export const DEFAULT_MAX_HOSTS = 5000;
