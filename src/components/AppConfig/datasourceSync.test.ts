import { syncDatasourceFeatureQueries, withFeatureQueries } from './datasourceSync';
import { fakeBackendSrv, httpError } from './fakeBackendSrv';

const mockBackend = fakeBackendSrv();
jest.mock('@grafana/runtime', () => ({
  getBackendSrv: () => ({ fetch: mockBackend.fetch }),
}));

const sentinel = {
  id: 3,
  uid: 'sentinel-risk',
  name: 'Sentinel risk',
  type: 'anomalysentinel-risk-datasource',
  url: 'http://prometheus:9090',
  readOnly: false,
  version: 4,
  secureJsonFields: { bearerToken: true },
  jsonData: { authType: 'bearer', timeoutSeconds: 30 },
};

beforeEach(() => mockBackend.reset());

describe('withFeatureQueries', () => {
  it('replaces featureQueries and keeps everything else', () => {
    expect(withFeatureQueries(sentinel, { fd_used: 'x{$selector}' })).toEqual({
      ...sentinel,
      jsonData: { authType: 'bearer', timeoutSeconds: 30, featureQueries: { fd_used: 'x{$selector}' } },
    });
  });

  it('removes the key when nothing is overridden any more', () => {
    const ds = { ...sentinel, jsonData: { ...sentinel.jsonData, featureQueries: { fd_used: 'x{$selector}' } } };
    expect(withFeatureQueries(ds, {})?.jsonData).toEqual({ authType: 'bearer', timeoutSeconds: 30 });
  });

  it('is undefined when the datasource already holds the same queries', () => {
    expect(withFeatureQueries(sentinel, {})).toBeUndefined();
    const ds = { ...sentinel, jsonData: { featureQueries: { fd_used: 'x{$selector}' } } };
    expect(withFeatureQueries(ds, { fd_used: 'x{$selector}' })).toBeUndefined();
    expect(withFeatureQueries(ds, { fd_used: 'y{$selector}' })).toBeDefined();
  });
});

describe('syncDatasourceFeatureQueries', () => {
  it('GETs the datasource and PUTs it back with the merged jsonData', async () => {
    mockBackend.on('GET', '/api/datasources/uid/sentinel-risk', () => sentinel);
    mockBackend.on('PUT', '/api/datasources/uid/sentinel-risk', (req) => ({
      datasource: req.data,
      message: 'Datasource updated',
    }));
    await expect(syncDatasourceFeatureQueries('sentinel-risk', { fd_used: 'x{$selector}' })).resolves.toEqual({
      status: 'updated',
      name: 'Sentinel risk',
    });
    const [put] = mockBackend.calls('PUT', '/api/datasources/uid/sentinel-risk');
    expect(put.data).toEqual({
      ...sentinel,
      jsonData: { ...sentinel.jsonData, featureQueries: { fd_used: 'x{$selector}' } },
    });
  });

  it('writes nothing when nothing changed', async () => {
    mockBackend.on('GET', '/api/datasources/uid/sentinel-risk', () => ({ ...sentinel, readOnly: true }));
    await expect(syncDatasourceFeatureQueries('sentinel-risk', {})).resolves.toEqual({
      status: 'unchanged',
      name: 'Sentinel risk',
    });
    expect(mockBackend.calls('PUT', /./)).toHaveLength(0);
  });

  it('explains a provisioned (read-only) datasource instead of trying', async () => {
    mockBackend.on('GET', '/api/datasources/uid/sentinel-risk', () => ({ ...sentinel, readOnly: true }));
    await expect(syncDatasourceFeatureQueries('sentinel-risk', { fd_used: 'x{$selector}' })).rejects.toThrow(
      /"Sentinel risk" is provisioned from a file.*provisioning file \(writing \$\$selector/
    );
    expect(mockBackend.calls('PUT', /./)).toHaveLength(0);
  });

  it('refuses a datasource of another type', async () => {
    mockBackend.on('GET', '/api/datasources/uid/prometheus', () => ({
      ...sentinel,
      uid: 'prometheus',
      name: 'Prometheus',
      type: 'prometheus',
    }));
    await expect(syncDatasourceFeatureQueries('prometheus', {})).rejects.toThrow(
      /is a prometheus datasource, not a Sentinel risk datasource/
    );
  });

  it('passes on Grafana’s refusal', async () => {
    mockBackend.on('GET', '/api/datasources/uid/sentinel-risk', () => sentinel);
    mockBackend.on('PUT', '/api/datasources/uid/sentinel-risk', () => httpError(403, 'Permission denied'));
    await expect(syncDatasourceFeatureQueries('sentinel-risk', { fd_used: 'x{$selector}' })).rejects.toThrow(
      'PUT /api/datasources/uid/sentinel-risk failed (HTTP 403): Permission denied'
    );
  });
});
