import { of, throwError } from 'rxjs';
import {
  activateModel,
  activateModelUrl,
  alertAnnotationsUrl,
  describeRequestError,
  explainUrl,
  fetchAlertAnnotations,
  fetchExplanation,
  fetchFeatureSpecs,
  fetchModels,
  modelFileUrl,
  modelsUrl,
  rollbackModel,
  rollbackModelUrl,
  UnexpectedResponseError,
} from './sentinelApi';

const mockFetch = jest.fn();
jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getBackendSrv: () => ({ fetch: mockFetch }),
}));

function answer(data: unknown) {
  mockFetch.mockReturnValueOnce(of({ data, status: 200, ok: true }));
}

function refuse(status: number, data: unknown) {
  mockFetch.mockReturnValueOnce(throwError(() => ({ status, statusText: 'Forbidden', data })));
}

beforeEach(() => mockFetch.mockReset());

describe('URLs', () => {
  test('resources of the datasource, with the uid and path segments encoded', () => {
    expect(modelsUrl('sentinel-risk')).toBe('/api/datasources/uid/sentinel-risk/resources/models');
    expect(activateModelUrl('a b', 'v/1')).toBe('/api/datasources/uid/a%20b/resources/models/v%2F1/activate');
    expect(rollbackModelUrl('x')).toBe('/api/datasources/uid/x/resources/models/rollback');
    expect(modelFileUrl('x', 'v1', 'sentinel.json')).toBe(
      '/api/datasources/uid/x/resources/models/v1/files/sentinel.json'
    );
  });

  test('explain takes the host and unix milliseconds, and the model only when one is asked for', () => {
    expect(explainUrl('x', 'web-1:9100', 1700000000123.4)).toBe(
      '/api/datasources/uid/x/resources/explain?host=web-1%3A9100&time=1700000000123'
    );
    expect(explainUrl('x', 'h', 1, 'v2')).toBe('/api/datasources/uid/x/resources/explain?host=h&time=1&model=v2');
  });

  test('alert annotations of a range', () => {
    expect(alertAnnotationsUrl(1000, 2000, 50)).toBe('/api/annotations?type=alert&from=1000&to=2000&limit=50');
  });
});

describe('describeRequestError', () => {
  test("prefers the backend's own error, with the status", () => {
    expect(
      describeRequestError({ status: 403, data: { error: 'only Grafana admins may change the active model' } })
    ).toBe('only Grafana admins may change the active model (HTTP 403)');
  });

  test("falls back to Grafana's message, then to the status", () => {
    expect(describeRequestError({ status: 404, data: { message: 'Data source not found' } })).toBe(
      'Data source not found (HTTP 404)'
    );
    expect(describeRequestError({ status: 502, statusText: 'Bad Gateway', data: {} })).toBe('HTTP 502 Bad Gateway');
    expect(describeRequestError(new Error('boom'))).toBe('boom');
    expect(describeRequestError(undefined)).toBe('the request failed without a message');
  });
});

describe('fetchModels', () => {
  test('parses the list, filling what a broken version lacks', async () => {
    answer({
      active: 'v2',
      models: [
        {
          name: 'default',
          version: 'v2',
          contentHash: 'abc',
          active: true,
          stepSeconds: 15,
          horizon: '15m0s',
          alerting: { threshold: 0.95, minDurationSteps: 4, clearBelow: 0.8 },
          evaluation: { scenarios: {} },
        },
        { version: 'broken', error: 'sentinel.json: bad schema' },
      ],
    });
    const models = await fetchModels('sentinel-risk');
    expect(mockFetch).toHaveBeenCalledWith(
      expect.objectContaining({
        method: 'GET',
        url: '/api/datasources/uid/sentinel-risk/resources/models',
        showErrorAlert: false,
      })
    );
    expect(models.active).toBe('v2');
    expect(models.models[0].alerting?.threshold).toBe(0.95);
    expect(models.models[1]).toMatchObject({
      version: 'broken',
      active: false,
      contentHash: '',
      error: 'sentinel.json: bad schema',
    });
  });

  test('refuses an answer of another shape, naming the field', async () => {
    answer({ active: 'v1', models: [{ name: 'x' }] });
    await expect(fetchModels('u')).rejects.toThrow(UnexpectedResponseError);
    answer({ active: 'v1', models: [{ name: 'x' }] });
    await expect(fetchModels('u')).rejects.toThrow(/resources\/models at models\.0\.version/);
  });

  test('passes a refusal on with its body, so the page can show the message', async () => {
    refuse(500, { error: 'model directory unreadable' });
    await expect(fetchModels('u')).rejects.toMatchObject({
      status: 500,
      data: { error: 'model directory unreadable' },
    });
  });
});

test('activateModel and rollbackModel POST and return the new active version', async () => {
  answer({ active: 'v3' });
  await expect(activateModel('u', 'v3')).resolves.toBe('v3');
  expect(mockFetch).toHaveBeenLastCalledWith(
    expect.objectContaining({ method: 'POST', url: '/api/datasources/uid/u/resources/models/v3/activate' })
  );
  answer({ active: 'v2' });
  await expect(rollbackModel('u')).resolves.toBe('v2');
  expect(mockFetch).toHaveBeenLastCalledWith(
    expect.objectContaining({ method: 'POST', url: '/api/datasources/uid/u/resources/models/rollback' })
  );
});

test('fetchExplanation reads risk, parts and contributions; null contributions become none', async () => {
  answer({ host: 'h', time: '2026-01-01T00:00:00Z', risk: 0.4, components: { failure: 0.1 }, contributions: null });
  await expect(fetchExplanation('u', 'h', 5)).resolves.toEqual({
    host: 'h',
    time: '2026-01-01T00:00:00Z',
    risk: 0.4,
    components: { failure: 0.1 },
    contributions: [],
  });
  answer({ host: 'h', time: 't', risk: 'high', components: {}, contributions: [] });
  await expect(fetchExplanation('u', 'h', 5)).rejects.toThrow(/at risk/);
});

test('fetchAlertAnnotations keeps what Grafana sends beyond the fields it needs', async () => {
  answer([{ id: 1, time: 10, text: 'R {instance=a} - B=1', newState: 'Alerting', dashboardUID: 'd' }]);
  const [a] = await fetchAlertAnnotations(0, 100);
  expect(a).toMatchObject({ id: 1, time: 10, newState: 'Alerting', dashboardUID: 'd' });
  expect(mockFetch).toHaveBeenLastCalledWith(
    expect.objectContaining({ url: '/api/annotations?type=alert&from=0&to=100&limit=500' })
  );
});

describe('fetchFeatureSpecs', () => {
  const spec = {
    rateWindow: '2m',
    features: [{ name: 'cpu_busy', description: 'd', unit: 'ratio', promql: 'x{$selector}' }],
  };

  test('reads sentinel.json whether it arrives parsed or as text', async () => {
    answer(spec);
    await expect(fetchFeatureSpecs('u', 'v1')).resolves.toEqual(spec);
    answer(JSON.stringify(spec));
    await expect(fetchFeatureSpecs('u', 'v1')).resolves.toEqual(spec);
  });

  test('says when the file is not JSON', async () => {
    answer('<html>');
    await expect(fetchFeatureSpecs('u', 'v1')).rejects.toThrow(/sentinel\.json is not JSON/);
  });
});
