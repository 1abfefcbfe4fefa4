import { CoreApp, DataSourceInstanceSettings, ScopedVars } from '@grafana/data';
import { DataSource } from './datasource';
import { SentinelOptions, SentinelQuery } from './types';

const replaceVariables = jest.fn((text: string, scopedVars?: ScopedVars) =>
  text.replace('$instance', String(scopedVars?.instance?.value ?? 'web-1'))
);
jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getTemplateSrv: () => ({ replace: replaceVariables }),
}));

function getDataSource() {
  const instanceSettings = {
    id: 1,
    uid: 'sentinel',
    type: 'anomalysentinel-risk-datasource',
    name: 'Sentinel',
    jsonData: {},
  };
  return new DataSource(instanceSettings as unknown as DataSourceInstanceSettings<SentinelOptions>);
}

describe('DataSource', () => {
  beforeEach(() => replaceVariables.mockClear());

  it('starts new queries with node_load1', () => {
    expect(getDataSource().getDefaultQuery(CoreApp.PanelEditor)).toEqual({ expr: 'node_load1' });
  });

  describe('filterQuery', () => {
    it.each([
      ['an empty expression', ''],
      ['a blank expression', '  \n'],
      ['a missing expression (old saved query)', undefined],
    ])('drops %s', (_case, expr) => {
      expect(getDataSource().filterQuery({ refId: 'A', expr } as SentinelQuery)).toBe(false);
    });

    it('keeps a PromQL expression', () => {
      expect(getDataSource().filterQuery({ refId: 'A', expr: 'up' })).toBe(true);
    });
  });

  it('interpolates variables in the expression with the panel scope and keeps the other fields', () => {
    const scopedVars: ScopedVars = { instance: { text: 'db-2', value: 'db-2' } };
    const query: SentinelQuery = {
      refId: 'A',
      expr: 'node_load1{instance="$instance"}',
      stepSeconds: 30,
      instant: true,
    };
    expect(getDataSource().applyTemplateVariables(query, scopedVars)).toEqual({
      ...query,
      expr: 'node_load1{instance="db-2"}',
    });
    expect(replaceVariables).toHaveBeenCalledWith(query.expr, scopedVars);
  });
});
