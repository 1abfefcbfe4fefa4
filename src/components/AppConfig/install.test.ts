import fleetRisk from '../../dashboards/fleet-risk.json';
import hostRisk from '../../dashboards/host-risk.json';
import { fakeBackendSrv, httpError } from './fakeBackendSrv';
import { installAlertRules, installDashboards, retargetDashboard } from './install';

const mockBackend = fakeBackendSrv();
jest.mock('@grafana/runtime', () => ({
  getBackendSrv: () => ({ fetch: mockBackend.fetch }),
}));

beforeEach(() => mockBackend.reset());

const targets = { prometheusUid: 'mimir', sentinelUid: 'risk-prod', hostSelector: 'env="prod"' };

/** Every datasource reference in a dashboard, as type:uid. */
function datasourceRefs(value: unknown, refs = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    value.forEach((v) => datasourceRefs(v, refs));
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'datasource' && typeof v === 'object' && v !== null) {
        const ds = v as { type?: string; uid?: string };
        refs.add(`${ds.type}:${ds.uid}`);
      }
      datasourceRefs(v, refs);
    }
  }
  return refs;
}

describe('retargetDashboard', () => {
  it('points every datasource reference and the risk panel at the picked datasources', () => {
    for (const dashboard of [fleetRisk, hostRisk]) {
      expect([...datasourceRefs(dashboard)].sort()).toEqual([
        'anomalysentinel-risk-datasource:sentinel-risk',
        'grafana:-- Grafana --',
        'prometheus:prometheus',
      ]);
      expect([...datasourceRefs(retargetDashboard(dashboard, targets))].sort()).toEqual([
        'anomalysentinel-risk-datasource:risk-prod',
        'grafana:-- Grafana --',
        'prometheus:mimir',
      ]);
    }
    const riskPanel = retargetDashboard(fleetRisk, targets).panels.find(
      (p) => p.type === 'anomalysentinel-risk-panel'
    )!;
    expect(riskPanel.options).toMatchObject({
      prometheusUid: 'mimir',
      backendUid: 'risk-prod',
      hostSelector: 'env="prod"',
    });
  });

  it('moves the fleet’s host selector, but keeps per-host selectors', () => {
    const fleet = JSON.stringify(retargetDashboard(fleetRisk, targets));
    expect(fleet).not.toContain('job=\\"node\\"');
    expect(fleet).toContain('"hostSelector":"env=\\"prod\\""');
    const host = retargetDashboard(hostRisk, targets);
    expect(host.templating.list[0].definition).toBe('label_values(node_load1{env="prod"}, instance)');
    expect(host.panels[1].targets[0]).toMatchObject({ hostSelector: 'instance="$instance"' });
  });

  it('leaves the bundled JSON untouched', () => {
    const before = JSON.stringify(fleetRisk);
    retargetDashboard(fleetRisk, targets);
    expect(JSON.stringify(fleetRisk)).toBe(before);
  });
});

describe('installDashboards', () => {
  it('creates the app folder when there is none and saves each dashboard there, reporting links', async () => {
    mockBackend.on('GET', '/api/folders?limit=1000', () => [{ uid: 'other', title: 'Other' }]);
    mockBackend.on('POST', '/api/folders', (req) => ({
      ...(req.data as object),
      url: '/dashboards/f/anomaly-sentinel',
    }));
    mockBackend.on('POST', '/api/dashboards/db', (req) => {
      const { dashboard } = req.data as { dashboard: { uid: string } };
      return { uid: dashboard.uid, url: `/d/${dashboard.uid}/x`, status: 'success', version: 1 };
    });
    const result = await installDashboards(targets);
    expect(result.folderCreated).toBe(true);
    expect(mockBackend.calls('POST', '/api/folders')[0].data).toEqual({
      uid: 'anomaly-sentinel',
      title: 'Anomaly Sentinel',
    });
    expect(result.dashboards).toEqual([
      { title: 'Fleet risk', uid: 'sentinel-fleet-risk', ok: true, url: '/d/sentinel-fleet-risk/x' },
      { title: 'Host risk', uid: 'sentinel-host-risk', ok: true, url: '/d/sentinel-host-risk/x' },
    ]);
    const saved = mockBackend
      .calls('POST', '/api/dashboards/db')
      .map((r) => r.data as { folderUid: string; dashboard: unknown });
    expect(saved.map((s) => s.folderUid)).toEqual(['anomaly-sentinel', 'anomaly-sentinel']);
    expect([...datasourceRefs(saved[0].dashboard)]).toContain('prometheus:mimir');
  });

  it('uses a folder of the app’s title that file provisioning made', async () => {
    mockBackend.on('GET', '/api/folders?limit=1000', () => [{ uid: 'abc123', title: 'Anomaly Sentinel' }]);
    mockBackend.on('POST', '/api/dashboards/db', () => ({ uid: 'u', url: '/d/u', status: 'success' }));
    const result = await installDashboards(targets);
    expect(result.folder.uid).toBe('abc123');
    expect(result.folderCreated).toBe(false);
    expect(mockBackend.calls('POST', '/api/folders')).toHaveLength(0);
  });

  it('reports each dashboard that failed with Grafana’s reason and still saves the others', async () => {
    mockBackend.on('GET', '/api/folders/anomaly-sentinel', () => ({
      uid: 'anomaly-sentinel',
      title: 'Anomaly Sentinel',
    }));
    mockBackend.on('POST', '/api/dashboards/db', (req) =>
      (req.data as { dashboard: { uid: string } }).dashboard.uid === 'sentinel-fleet-risk'
        ? httpError(412, 'A dashboard with the same name in the folder already exists')
        : { uid: 'sentinel-host-risk', url: '/d/sentinel-host-risk/host-risk', status: 'success' }
    );
    const result = await installDashboards(targets);
    expect(result.dashboards[0]).toEqual({
      title: 'Fleet risk',
      uid: 'sentinel-fleet-risk',
      ok: false,
      error: 'POST /api/dashboards/db failed (HTTP 412): A dashboard with the same name in the folder already exists',
    });
    expect(result.dashboards[1].ok).toBe(true);
  });
});

describe('installAlertRules', () => {
  const params = { sentinelUid: 'risk-prod', hostSelector: 'env="prod"', threshold: 0.9 };
  const echoGroup = (req: { data?: unknown }) => req.data;

  it('creates the rule group in the app folder when the rule does not exist', async () => {
    mockBackend.on('GET', '/api/folders/anomaly-sentinel', () => ({
      uid: 'anomaly-sentinel',
      title: 'Anomaly Sentinel',
    }));
    mockBackend.on('PUT', /^\/api\/v1\/provisioning\/folder\//, echoGroup);
    const result = await installAlertRules(params);
    expect(result).toEqual({
      status: 'installed',
      folder: { uid: 'anomaly-sentinel', title: 'Anomaly Sentinel' },
      folderCreated: false,
      group: 'failure-risk',
      rules: [{ uid: 'sentinel-failure-risk', title: 'Host failure predicted within 15 minutes' }],
    });
    const [put] = mockBackend.calls('PUT', '/api/v1/provisioning/folder/anomaly-sentinel/rule-groups/failure-risk');
    expect(JSON.stringify(put.data)).toContain('"datasourceUid":"risk-prod"');
  });

  it('replaces a rule installed earlier where it lives', async () => {
    mockBackend.on('GET', '/api/v1/provisioning/alert-rules/sentinel-failure-risk', () => ({
      uid: 'sentinel-failure-risk',
      title: 'Host failure predicted within 15 minutes',
      folderUID: 'ops',
      ruleGroup: 'sre-rules',
      provenance: '',
    }));
    mockBackend.on('GET', '/api/folders/ops', () => ({ uid: 'ops', title: 'Ops' }));
    mockBackend.on('PUT', '/api/v1/provisioning/folder/ops/rule-groups/sre-rules', echoGroup);
    const result = await installAlertRules(params);
    expect(result).toMatchObject({ status: 'installed', group: 'sre-rules', folder: { uid: 'ops' } });
  });

  it('leaves a file-provisioned rule alone and says so', async () => {
    mockBackend.on('GET', '/api/v1/provisioning/alert-rules/sentinel-failure-risk', () => ({
      uid: 'sentinel-failure-risk',
      title: 'Host failure predicted within 15 minutes',
      folderUID: 'xyz',
      ruleGroup: 'failure-risk',
      provenance: 'file',
    }));
    await expect(installAlertRules(params)).resolves.toEqual({
      status: 'provisionedByFile',
      ruleUid: 'sentinel-failure-risk',
      title: 'Host failure predicted within 15 minutes',
      folderUid: 'xyz',
      group: 'failure-risk',
    });
    expect(mockBackend.calls('PUT', /./)).toHaveLength(0);
  });

  it('fails with Grafana’s reason', async () => {
    mockBackend.on('GET', '/api/folders/anomaly-sentinel', () => ({
      uid: 'anomaly-sentinel',
      title: 'Anomaly Sentinel',
    }));
    mockBackend.on('PUT', /rule-groups/, () => httpError(400, 'invalid rule: data source sentinel-x not found'));
    await expect(installAlertRules(params)).rejects.toThrow(
      /HTTP 400\): invalid rule: data source sentinel-x not found/
    );
  });
});
