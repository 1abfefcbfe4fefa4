import { CoreApp, DataSourceInstanceSettings, ScopedVars } from '@grafana/data';
import { DataSource } from './datasource';
import { SentinelOptions, SentinelQuery, SentinelRiskQuery } from './types';

type Variable = { value: string | string[]; multi?: boolean; includeAll?: boolean };
type Format = string | ((value: unknown, variable: Variable) => string) | undefined;

/** Dashboard variables the fake template service knows, as Grafana's would. */
const variables: Record<string, Variable> = {
  instance: { value: 'web-1' },
  hosts: { value: ['10.0.0.1:9100', 'web-2'], multi: true },
  job: { value: 'node', multi: true },
  model: { value: 'v2' },
};

/**
 * Replaces $name like Grafana's template service: scoped variables first, a format function gets
 * the value and the variable, and without a format a multi-value variable is globbed as {a,b}.
 */
const replaceVariables = jest.fn((text: string, scopedVars?: ScopedVars, format?: Format) =>
  text.replace(/\$(\w+)/g, (whole, name: string) => {
    const variable = variables[name];
    const value = scopedVars?.[name]?.value ?? variable?.value;
    if (value === undefined) {
      return whole;
    }
    if (typeof format === 'function') {
      return format(value, variable ?? { value });
    }
    return Array.isArray(value) ? `{${value.join(',')}}` : String(value);
  })
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

const riskQuery = (overrides: Partial<SentinelRiskQuery> = {}): SentinelRiskQuery => ({
  refId: 'A',
  queryType: 'risk',
  hostSelector: 'job="node"',
  output: 'risk',
  ...overrides,
});

describe('DataSource', () => {
  beforeEach(() => replaceVariables.mockClear());

  describe('getDefaultQuery', () => {
    it('starts dashboard and Explore queries with node_load1', () => {
      expect(getDataSource().getDefaultQuery(CoreApp.PanelEditor)).toEqual({ expr: 'node_load1' });
      expect(getDataSource().getDefaultQuery(CoreApp.Explore)).toEqual({ expr: 'node_load1' });
    });

    it('starts an alert rule with a risk query over every host', () => {
      expect(getDataSource().getDefaultQuery(CoreApp.UnifiedAlerting)).toEqual({
        queryType: 'risk',
        hostSelector: '',
        output: 'risk',
      });
    });
  });

  describe('filterQuery', () => {
    it.each([
      ['an empty expression', ''],
      ['a blank expression', '  \n'],
      ['a missing expression (old saved query)', undefined],
    ])('drops a PromQL query with %s', (_case, expr) => {
      expect(getDataSource().filterQuery({ refId: 'A', expr } as SentinelQuery)).toBe(false);
    });

    it('keeps a PromQL expression', () => {
      expect(getDataSource().filterQuery({ refId: 'A', expr: 'up' })).toBe(true);
    });

    it('keeps risk queries, including one with an empty host selector (every host) and no expr', () => {
      expect(getDataSource().filterQuery(riskQuery())).toBe(true);
      expect(getDataSource().filterQuery(riskQuery({ hostSelector: '' }))).toBe(true);
    });

    it('treats a query with another queryType as PromQL, as the backend does', () => {
      expect(
        getDataSource().filterQuery({ refId: 'A', queryType: 'promql', expr: '' } as unknown as SentinelQuery)
      ).toBe(false);
    });
  });

  describe('applyTemplateVariables', () => {
    it('interpolates the PromQL expression with the panel scope and keeps the other fields', () => {
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
      expect(replaceVariables).toHaveBeenCalledWith(query.expr, scopedVars, expect.any(Function));
    });

    it('formats a multi-value variable in the expression as a regex alternation', () => {
      const query: SentinelQuery = { refId: 'A', expr: 'up{instance=~"$hosts"}' };
      expect(getDataSource().applyTemplateVariables(query, {})).toMatchObject({
        expr: 'up{instance=~"(10\\\\.0\\\\.0\\\\.1:9100|web-2)"}',
      });
    });

    it('interpolates a single-value variable in the host selector as written', () => {
      const query = riskQuery({ hostSelector: 'instance="$instance"', output: 'components', top: 5 });
      expect(getDataSource().applyTemplateVariables(query, {})).toEqual({
        ...query,
        hostSelector: 'instance="web-1"',
      });
    });

    it('uses the panel scope (e.g. a repeated panel) for the host selector', () => {
      const scopedVars: ScopedVars = { instance: { text: 'db-2', value: 'db-2' } };
      expect(
        getDataSource().applyTemplateVariables(riskQuery({ hostSelector: 'instance="$instance"' }), scopedVars)
      ).toMatchObject({
        hostSelector: 'instance="db-2"',
      });
    });

    it('turns a multi-value variable in the host selector into an escaped regex alternation', () => {
      const query = riskQuery({ hostSelector: 'job=~"$job",instance=~"$hosts"' });
      expect(getDataSource().applyTemplateVariables(query, {})).toMatchObject({
        // One value of a multi-value variable needs no parentheses; the dots are regex-quoted
        // with backslashes doubled for PromQL's string literal.
        hostSelector: 'job=~"node",instance=~"(10\\\\.0\\\\.0\\\\.1:9100|web-2)"',
      });
    });

    it('interpolates the model version and trims it, and leaves an unset version unset', () => {
      const ds = getDataSource();
      expect(ds.applyTemplateVariables(riskQuery({ modelVersion: ' $model ' }), {})).toMatchObject({
        modelVersion: 'v2',
      });
      expect(ds.applyTemplateVariables(riskQuery(), {})).not.toHaveProperty('modelVersion');
    });

    it('does not look for an expression in a risk query', () => {
      const result = getDataSource().applyTemplateVariables(riskQuery(), {});
      expect(result).not.toHaveProperty('expr');
    });
  });

  it('interpolates risk queries sent to Explore from a panel', () => {
    const [query] = getDataSource().interpolateVariablesInQueries(
      [riskQuery({ hostSelector: 'instance=~"$hosts"' })],
      {}
    );
    expect(query).toMatchObject({ queryType: 'risk', hostSelector: 'instance=~"(10\\\\.0\\\\.0\\\\.1:9100|web-2)"' });
  });

  it('names each kind of query in Explore history', () => {
    const ds = getDataSource();
    expect(ds.getQueryDisplayText({ refId: 'A', expr: 'up' })).toBe('up');
    expect(ds.getQueryDisplayText(riskQuery({ output: 'events', modelVersion: 'v2' }))).toBe(
      'events {job="node"} model v2'
    );
  });
});

describe('annotations', () => {
  it('are supported, starting from a predicted-failure events query', () => {
    const ds = new DataSource({ jsonData: {} } as never);
    expect(ds.annotations?.getDefaultQuery?.()).toMatchObject({ queryType: 'risk', output: 'events' });
  });
});
