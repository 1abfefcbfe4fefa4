import { DataSourceInstanceSettings } from '@grafana/data';
import { DataSource } from './datasource';
import { settingsProblems } from './settingsValidation';
import { SentinelOptions } from './types';

jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getTemplateSrv: () => ({ replace: (text: string) => text.replace('$instance', 'web-1') }),
}));

const ds = new DataSource({ id: 1, uid: 'x', type: 'anomalysentinel-risk-datasource', name: 'Sentinel', jsonData: {} } as unknown as DataSourceInstanceSettings<SentinelOptions>);

describe('DataSource', () => {
  it('drops empty queries', () => {
    expect(ds.filterQuery({ refId: 'A', expr: '  ' })).toBe(false);
    expect(ds.filterQuery({ refId: 'A', expr: 'up' })).toBe(true);
  });

  it('interpolates dashboard variables in the expression', () => {
    expect(ds.applyTemplateVariables({ refId: 'A', expr: 'node_load1{instance="$instance"}' }, {}).expr).toBe('node_load1{instance="web-1"}');
  });
});

describe('settingsProblems', () => {
  it('accepts a valid configuration', () => {
    expect(settingsProblems('http://prometheus:9090', { authType: 'none', timeoutSeconds: 30 })).toEqual([]);
  });

  it.each([
    ['prometheus:9090', {}, /URL must start with http/],
    ['http://p:9090', { timeoutSeconds: 0 }, /Timeout must be a positive number/],
    ['http://p:9090', { maxSeries: -5 }, /Max series/],
    ['http://p:9090', { authType: 'basic' as const }, /Basic authentication needs a user/],
  ])('reports %s %j', (url, options, message) => {
    expect(settingsProblems(url, options).join(' ')).toMatch(message);
  });
});
