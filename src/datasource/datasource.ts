import { CoreApp, DataSourceInstanceSettings, ScopedVars } from '@grafana/data';
import { DataSourceWithBackend, getTemplateSrv } from '@grafana/runtime';
import { DEFAULT_QUERY, SentinelOptions, SentinelQuery } from './types';

/** Queries run on Grafana's backend (the Go plugin), so alert rules can use them too. */
export class DataSource extends DataSourceWithBackend<SentinelQuery, SentinelOptions> {
  constructor(instanceSettings: DataSourceInstanceSettings<SentinelOptions>) {
    super(instanceSettings);
  }

  getDefaultQuery(_app: CoreApp): Partial<SentinelQuery> {
    return { ...DEFAULT_QUERY };
  }

  applyTemplateVariables(query: SentinelQuery, scopedVars: ScopedVars): SentinelQuery {
    return { ...query, expr: getTemplateSrv().replace(query.expr, scopedVars) };
  }

  /** Saved dashboards may hold queries without an expression; the backend would only reject them. */
  filterQuery(query: SentinelQuery): boolean {
    return typeof query.expr === 'string' && query.expr.trim() !== '';
  }
}
