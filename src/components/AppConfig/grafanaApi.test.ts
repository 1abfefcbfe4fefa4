import { fakeBackendSrv, FakeHttpError, httpError } from './fakeBackendSrv';
import {
  fetchErrorReason,
  getAlertRule,
  getFolder,
  GrafanaApiError,
  instantQueryRequest,
  putRuleGroup,
  runInstantQuery,
  saveDashboard,
} from './grafanaApi';

const mockBackend = fakeBackendSrv();
jest.mock('@grafana/runtime', () => ({
  getBackendSrv: () => ({ fetch: mockBackend.fetch }),
}));

beforeEach(() => mockBackend.reset());

describe('instantQueryRequest', () => {
  it('asks Grafana’s query API for one instant PromQL query over the last 5 minutes', () => {
    expect(instantQueryRequest('prom-1', 'cpu_busy', 'up{job="node"}')).toEqual({
      queries: [
        { refId: 'cpu_busy', datasource: { uid: 'prom-1' }, expr: 'up{job="node"}', instant: true, range: false },
      ],
      from: 'now-5m',
      to: 'now',
    });
  });
});

describe('fetchErrorReason', () => {
  it.each([
    [{ status: 403, data: { message: 'Permission denied' } }, 'Permission denied'],
    [
      { status: 400, data: { results: { A: { error: 'bad_data: parse error at char 3', status: 400 } } } },
      'bad_data: parse error at char 3',
    ],
    [{ status: 500, data: { error: 'internal' } }, 'internal'],
    [{ status: 502, data: '<html>', statusText: 'Bad Gateway' }, 'Bad Gateway'],
    [new Error('network down'), 'network down'],
    ['plain', 'plain'],
  ])('%j → %s', (err, reason) => {
    expect(fetchErrorReason(err)).toBe(reason);
  });
});

describe('calls', () => {
  it('name the call and Grafana’s status when refused', async () => {
    mockBackend.on('POST', '/api/dashboards/db', () => httpError(403, 'Permission denied'));
    await expect(saveDashboard({ title: 't' }, 'f', 'm')).rejects.toThrow(
      'POST /api/dashboards/db failed (HTTP 403): Permission denied'
    );
  });

  it('refuse an answer of the wrong shape, naming the field', async () => {
    mockBackend.on('POST', '/api/dashboards/db', () => ({ status: 'success', url: '/d/x' }));
    const err = await saveDashboard({ title: 't' }, 'f', 'm').catch((e) => e);
    expect(err).toBeInstanceOf(GrafanaApiError);
    expect(err.message).toMatch(/POST \/api\/dashboards\/db failed: unexpected answer: uid: Required/);
  });

  it('send dashboards as new (no id) with overwrite into the folder', async () => {
    mockBackend.on('POST', '/api/dashboards/db', () => ({ uid: 'u', url: '/d/u/t', status: 'success', version: 1 }));
    await saveDashboard({ id: 7, uid: 'u', title: 't' }, 'folder-1', 'installed');
    expect(mockBackend.requests[0].data).toEqual({
      dashboard: { id: null, uid: 'u', title: 't' },
      folderUid: 'folder-1',
      overwrite: true,
      message: 'installed',
    });
  });

  it('answer undefined for a missing folder or rule, and fail on other errors', async () => {
    expect(await getFolder('nope')).toBeUndefined();
    expect(await getAlertRule('nope')).toBeUndefined();
    mockBackend.on('GET', '/api/folders/locked', () => httpError(403, 'Access denied to this folder'));
    await expect(getFolder('locked')).rejects.toThrow(/HTTP 403.*Access denied/);
  });

  it('keep alert rules editable in the UI when putting a rule group', async () => {
    const group = { title: 'g', folderUid: 'f', interval: 60, rules: [{ uid: 'r', title: 'R' }] };
    mockBackend.on('PUT', '/api/v1/provisioning/folder/f/rule-groups/g', (req) => req.data);
    await expect(putRuleGroup('f', group)).resolves.toEqual(group);
    expect(mockBackend.requests[0].headers).toEqual({ 'X-Disable-Provenance': 'true' });
  });

  it('turn a failed query’s reason into the error of runInstantQuery', async () => {
    mockBackend.on(
      'POST',
      '/api/ds/query',
      () => new FakeHttpError(400, { results: { A: { status: 400, error: 'parse error' } } })
    );
    await expect(runInstantQuery('p', 'A', 'up{')).rejects.toThrow('POST /api/ds/query failed (HTTP 400): parse error');
    mockBackend.on('POST', '/api/ds/query', () => ({ results: { A: { status: 500, error: 'upstream timeout' } } }));
    await expect(runInstantQuery('p', 'A', 'up')).rejects.toThrow(/HTTP 500.*upstream timeout/);
    mockBackend.on('POST', '/api/ds/query', () => ({ results: {} }));
    await expect(runInstantQuery('p', 'A', 'up')).rejects.toThrow(/no result for query A/);
  });
});
