/** Risk queries of the Sentinel datasource (pkg/plugin/risk.go) and the label matchers they select hosts with. */
import type { DataQuery } from '@grafana/schema';

/** The backend's output kinds (pkg/plugin/riskquery.go); each is one frame shape. */
export type RiskOutput = 'risk' | 'components' | 'contributions' | 'topFeatures' | 'events';

/** The query JSON the backend's riskQueryModel reads. */
export interface RiskQuery extends DataQuery {
  queryType: 'risk';
  hostSelector: string;
  /** '' = the version active on the backend. */
  modelVersion: string;
  output: RiskOutput;
  /** How many features the contributions and topFeatures outputs name (backend default 3). */
  top?: number;
}

export function riskQuery(
  refId: string,
  hostSelector: string,
  output: RiskOutput = 'risk',
  modelVersion = '',
  top?: number
): RiskQuery {
  const query: RiskQuery = { refId, queryType: 'risk', hostSelector, modelVersion, output };
  return top === undefined ? query : { ...query, top };
}

/** A PromQL string literal: backslashes and double quotes escaped, so any label value stays one literal. */
export function promqlString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** `name="value"`, exact match. */
export function labelMatcher(name: string, value: string): string {
  return `${name}=${promqlString(value)}`;
}

/**
 * Joins matcher lists such as `job=~"node"` and an ad hoc filter's `env="prod",dc="x"` into one
 * selector; empty parts (an unset filter) are dropped, so no stray comma reaches PromQL.
 */
export function joinMatchers(parts: string[]): string {
  return parts
    .map((p) =>
      p
        .trim()
        .replace(/^,+|,+$/g, '')
        .trim()
    )
    .filter((p) => p !== '')
    .join(',');
}
