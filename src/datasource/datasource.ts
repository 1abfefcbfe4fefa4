import { CoreApp, DataSourceInstanceSettings, ScopedVars } from '@grafana/data';
import { DataSourceWithBackend, getTemplateSrv } from '@grafana/runtime';
import { promqlLabelValue } from './promqlFormat';
import { DEFAULT_QUERY, DEFAULT_RISK_QUERY, isRiskQuery, SentinelOptions, SentinelQuery } from './types';

/**
 * Queries run on Grafana's backend (the Go plugin), so alert rules can use them too. Explore and
 * "Explore" from a panel go through DataSourceWithBackend, whose interpolateVariablesInQueries
 * calls applyTemplateVariables below for both query kinds.
 */
export class DataSource extends DataSourceWithBackend<SentinelQuery, SentinelOptions> {
  constructor(instanceSettings: DataSourceInstanceSettings<SentinelOptions>) {
    super(instanceSettings);
    // Annotation queries run like panel queries; the risk query's `events` output returns the
    // time/timeEnd/text/tags fields Grafana turns into annotations (predicted failures on any panel).
    this.annotations = {
      getDefaultQuery: () => ({ ...DEFAULT_RISK_QUERY, output: 'events' }),
    };
  }

  getDefaultQuery(app: CoreApp): Partial<SentinelQuery> {
    // Alerting on failure risk is what this datasource is for; dashboards and Explore start with PromQL.
    return app === CoreApp.UnifiedAlerting ? { ...DEFAULT_RISK_QUERY } : { ...DEFAULT_QUERY };
  }

  applyTemplateVariables(query: SentinelQuery, scopedVars: ScopedVars): SentinelQuery {
    const templateSrv = getTemplateSrv();
    if (isRiskQuery(query)) {
      return {
        ...query,
        // Both may be unset in a query saved by hand or through the API; the backend defaults them.
        hostSelector: templateSrv.replace(query.hostSelector ?? '', scopedVars, promqlLabelValue),
        // A version is one name: the default format would turn a multi-value variable into {a,b}.
        ...(query.modelVersion !== undefined && {
          modelVersion: templateSrv.replace(query.modelVersion, scopedVars).trim(),
        }),
      };
    }
    return { ...query, expr: templateSrv.replace(query.expr, scopedVars, promqlLabelValue) };
  }

  /**
   * Saved dashboards may hold PromQL queries without an expression; the backend would only reject
   * them. A risk query is always sent: an empty host selector means every host.
   */
  filterQuery(query: SentinelQuery): boolean {
    if (isRiskQuery(query)) {
      return true;
    }
    return typeof query.expr === 'string' && query.expr.trim() !== '';
  }

  /** Explore's query history shows this instead of the query's JSON. */
  getQueryDisplayText(query: SentinelQuery): string {
    if (isRiskQuery(query)) {
      const version = query.modelVersion ? ` model ${query.modelVersion}` : '';
      return `${query.output ?? 'risk'} {${query.hostSelector ?? ''}}${version}`;
    }
    return query.expr ?? '';
  }
}
