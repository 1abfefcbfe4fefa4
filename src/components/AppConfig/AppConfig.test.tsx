import React from 'react';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { PluginType } from '@grafana/data';
import AppConfig, { AppConfigProps } from './AppConfig';
import { configTestIds as ids } from './testIds';
import { validateAppSettings } from './appSettings';
import { defaultTemplate, MODEL_FEATURES } from './featureQueries';
import { fakeBackendSrv, FakeHttpError, FakeRequest, httpError } from './fakeBackendSrv';

const mockBackend = fakeBackendSrv();
const mockDatasources = [
  { uid: 'prometheus', name: 'Prometheus', type: 'prometheus' },
  { uid: 'mimir', name: 'Mimir', type: 'prometheus' },
  { uid: 'sentinel-risk', name: 'Sentinel risk', type: 'anomalysentinel-risk-datasource' },
];

// The real DataSourcePicker needs Grafana's datasource service; a select offering the datasources
// of the asked-for type is enough to test what the page does with the choice.
jest.mock('@grafana/runtime', () => {
  const mockReact = jest.requireActual('react');
  return {
    ...jest.requireActual('@grafana/runtime'),
    getBackendSrv: () => ({ fetch: mockBackend.fetch }),
    DataSourcePicker: (props: {
      type: string;
      current: string | null;
      inputId: string;
      onChange: (ds: object) => void;
    }) =>
      mockReact.createElement(
        'select',
        {
          id: props.inputId,
          'aria-label': `${props.type} datasource`,
          value: props.current ?? '',
          onChange: (e: { target: { value: string } }) =>
            props.onChange(mockDatasources.find((d) => d.uid === e.target.value)!),
        },
        [{ uid: '', name: '—' }, ...mockDatasources.filter((d) => d.type === props.type)].map((d) =>
          mockReact.createElement('option', { key: d.uid, value: d.uid }, d.name)
        )
      ),
  };
});

function getDefaultProps(jsonData: Record<string, unknown> = {}): AppConfigProps {
  return {
    plugin: {
      meta: {
        id: 'anomalysentinel-sentinel-app',
        name: 'Anomaly Sentinel',
        type: PluginType.app,
        enabled: true,
        pinned: true,
        jsonData,
      },
    },
    query: {},
  } as unknown as AppConfigProps;
}

const sentinelDs = {
  id: 2,
  uid: 'sentinel-risk',
  name: 'Sentinel risk',
  type: 'anomalysentinel-risk-datasource',
  url: 'http://prometheus:9090',
  readOnly: false,
  jsonData: { authType: 'none', timeoutSeconds: 30 },
};

const settingsUrl = '/api/plugins/anomalysentinel-sentinel-app/settings';
const savedJsonData = () => (mockBackend.calls('POST', settingsUrl)[0].data as { jsonData: unknown }).jsonData;

function editTemplate(name: string, value: string) {
  fireEvent.change(screen.getByTestId(ids.featureTemplate(name)), { target: { value } });
}

describe('AppConfig', () => {
  const reload = jest.fn();
  beforeAll(() => {
    Object.defineProperty(window, 'location', { value: { ...window.location, reload }, writable: true });
  });
  beforeEach(() => {
    mockBackend.reset();
    mockBackend.on('POST', settingsUrl, () => ({ message: 'Plugin settings updated' }));
    mockBackend.on('GET', '/api/datasources/uid/sentinel-risk', () => sentinelDs);
    mockBackend.on('PUT', '/api/datasources/uid/sentinel-risk', (req) => ({ datasource: req.data }));
    reload.mockClear();
  });

  describe('saving', () => {
    it('shows the defaults when nothing is saved', () => {
      render(<AppConfig {...getDefaultProps()} />);
      expect(screen.getByTestId(ids.horizon)).toHaveValue('15');
      expect(screen.getByTestId(ids.threshold)).toHaveValue('0.6');
      expect(screen.getByTestId(ids.hostSelector)).toHaveValue('job="node"');
      expect(screen.getByLabelText('prometheus datasource')).toHaveValue('');
    });

    it('saves validated jsonData through the plugin settings API, then reloads', async () => {
      render(<AppConfig {...getDefaultProps({ prometheusDatasourceUid: 'prometheus' })} />);
      fireEvent.change(screen.getByTestId(ids.threshold), { target: { value: '0.9' } });
      fireEvent.click(screen.getByTestId(ids.submit));
      await waitFor(() => expect(reload).toHaveBeenCalledTimes(1));
      expect(mockBackend.calls('POST', settingsUrl)).toHaveLength(1);
      expect(mockBackend.calls('POST', settingsUrl)[0].data).toEqual({
        enabled: true,
        pinned: true,
        jsonData: {
          prometheusDatasourceUid: 'prometheus',
          hostSelector: 'job="node"',
          horizonMinutes: 15,
          threshold: 0.9,
        },
      });
      // No Sentinel datasource picked: nothing else is written.
      expect(mockBackend.requests).toHaveLength(1);
    });

    it('saves the datasources picked and the host selector', async () => {
      render(<AppConfig {...getDefaultProps({ prometheusDatasourceUid: 'prometheus' })} />);
      expect(screen.getByLabelText('prometheus datasource')).toHaveValue('prometheus');
      fireEvent.change(screen.getByLabelText('prometheus datasource'), { target: { value: 'mimir' } });
      fireEvent.change(screen.getByLabelText('anomalysentinel-risk-datasource datasource'), {
        target: { value: 'sentinel-risk' },
      });
      fireEvent.change(screen.getByTestId(ids.hostSelector), { target: { value: 'env="prod", job="node"' } });
      fireEvent.click(screen.getByTestId(ids.submit));
      await waitFor(() => expect(reload).toHaveBeenCalled());
      expect(savedJsonData()).toEqual({
        prometheusDatasourceUid: 'mimir',
        sentinelDatasourceUid: 'sentinel-risk',
        hostSelector: 'env="prod", job="node"',
        horizonMinutes: 15,
        threshold: 0.6,
      });
    });

    it('says so when Grafana refuses to save, and stays on the page', async () => {
      mockBackend.on('POST', settingsUrl, () => httpError(403, 'Permission denied'));
      render(<AppConfig {...getDefaultProps()} />);
      fireEvent.click(screen.getByTestId(ids.submit));
      expect(await screen.findByTestId(ids.error)).toHaveTextContent('Permission denied');
      expect(reload).not.toHaveBeenCalled();
    });

    it('refuses an out-of-range threshold and says why', async () => {
      render(<AppConfig {...getDefaultProps()} />);
      fireEvent.change(screen.getByTestId(ids.threshold), { target: { value: '1.5' } });
      fireEvent.click(screen.getByTestId(ids.submit));
      expect(await screen.findByTestId(ids.error)).toHaveTextContent('between 0 and 1');
      expect(mockBackend.requests).toHaveLength(0);
    });

    it('refuses a host selector that is not label matchers', async () => {
      render(<AppConfig {...getDefaultProps()} />);
      fireEvent.change(screen.getByTestId(ids.hostSelector), { target: { value: 'up or vector(1)' } });
      fireEvent.click(screen.getByTestId(ids.submit));
      expect(await screen.findByTestId(ids.error)).toHaveTextContent(/Host selector: .*not a list of label matchers/);
      expect(mockBackend.requests).toHaveLength(0);
    });
  });

  describe('feature mapping', () => {
    it('lists the model’s 14 features with their own queries', () => {
      render(<AppConfig {...getDefaultProps()} />);
      const table = screen.getByTestId(ids.featureTable);
      expect(within(table).getAllByRole('textbox')).toHaveLength(14);
      for (const f of MODEL_FEATURES) {
        expect(screen.getByTestId(ids.featureTemplate(f.name))).toHaveValue(f.promql);
        expect(screen.getByTestId(ids.featureState(f.name))).toHaveTextContent('model default');
        expect(screen.getByTestId(ids.featureReset(f.name))).toBeDisabled();
      }
    });

    it('shows saved overrides, marks them, and resets one to the model’s query', () => {
      render(<AppConfig {...getDefaultProps({ featureQueries: { fd_used: 'my_fd{$selector}' } })} />);
      expect(screen.getByTestId(ids.featureTemplate('fd_used'))).toHaveValue('my_fd{$selector}');
      expect(screen.getByTestId(ids.featureState('fd_used'))).toHaveTextContent('overridden');
      fireEvent.click(screen.getByTestId(ids.featureReset('fd_used')));
      expect(screen.getByTestId(ids.featureTemplate('fd_used'))).toHaveValue(defaultTemplate('fd_used'));
      expect(screen.getByTestId(ids.featureState('fd_used'))).toHaveTextContent('model default');
    });

    it('saves only the overridden features as featureQueries', async () => {
      render(<AppConfig {...getDefaultProps()} />);
      editTemplate('memory_used', '1 - my_mem_avail{$selector} / my_mem_total{$selector}');
      fireEvent.click(screen.getByTestId(ids.submit));
      await waitFor(() => expect(reload).toHaveBeenCalled());
      expect(savedJsonData()).toMatchObject({
        featureQueries: { memory_used: '1 - my_mem_avail{$selector} / my_mem_total{$selector}' },
      });
    });

    it('refuses a template without $selector in a metric’s matchers, naming the feature', async () => {
      render(<AppConfig {...getDefaultProps()} />);
      editTemplate('swap_used', 'node_memory_SwapFree_bytes');
      fireEvent.click(screen.getByTestId(ids.submit));
      expect(await screen.findByTestId(ids.error)).toHaveTextContent(/Feature "swap_used": put \$selector inside/);
      expect(mockBackend.requests).toHaveLength(0);
    });

    it('writes the overrides into the picked Sentinel datasource, keeping its other settings, before saving the app', async () => {
      render(<AppConfig {...getDefaultProps({ sentinelDatasourceUid: 'sentinel-risk' })} />);
      editTemplate('fd_used', 'my_fd{$selector}');
      fireEvent.click(screen.getByTestId(ids.submit));
      await waitFor(() => expect(reload).toHaveBeenCalled());
      expect(mockBackend.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
        'GET /api/datasources/uid/sentinel-risk',
        'PUT /api/datasources/uid/sentinel-risk',
        `POST ${settingsUrl}`,
      ]);
      expect(mockBackend.calls('PUT', '/api/datasources/uid/sentinel-risk')[0].data).toEqual({
        ...sentinelDs,
        jsonData: { authType: 'none', timeoutSeconds: 30, featureQueries: { fd_used: 'my_fd{$selector}' } },
      });
    });

    it('does not rewrite the datasource when it already holds the same queries', async () => {
      render(<AppConfig {...getDefaultProps({ sentinelDatasourceUid: 'sentinel-risk' })} />);
      fireEvent.click(screen.getByTestId(ids.submit));
      await waitFor(() => expect(reload).toHaveBeenCalled());
      expect(mockBackend.calls('PUT', /./)).toHaveLength(0);
    });

    it('shows why the datasource was not updated and saves nothing', async () => {
      mockBackend.on('PUT', '/api/datasources/uid/sentinel-risk', () => httpError(403, 'Permission denied'));
      render(<AppConfig {...getDefaultProps({ sentinelDatasourceUid: 'sentinel-risk' })} />);
      editTemplate('fd_used', 'my_fd{$selector}');
      fireEvent.click(screen.getByTestId(ids.submit));
      const error = await screen.findByTestId(ids.error);
      expect(error).toHaveTextContent('Nothing was saved');
      expect(error).toHaveTextContent('PUT /api/datasources/uid/sentinel-risk failed (HTTP 403): Permission denied');
      expect(mockBackend.calls('POST', settingsUrl)).toHaveLength(0);
      expect(reload).not.toHaveBeenCalled();
    });

    it('explains a provisioned (read-only) Sentinel datasource', async () => {
      mockBackend.on('GET', '/api/datasources/uid/sentinel-risk', () => ({ ...sentinelDs, readOnly: true }));
      render(<AppConfig {...getDefaultProps({ sentinelDatasourceUid: 'sentinel-risk' })} />);
      editTemplate('fd_used', 'my_fd{$selector}');
      fireEvent.click(screen.getByTestId(ids.submit));
      expect(await screen.findByTestId(ids.error)).toHaveTextContent(/provisioned from a file.*provisioning file/);
      expect(mockBackend.calls('PUT', /./)).toHaveLength(0);
    });
  });

  describe('test features', () => {
    const frame = (instance: string, value: number) => ({
      schema: {
        fields: [
          { name: 'Time', type: 'time' },
          { name: 'Value', type: 'number', labels: { instance } },
        ],
      },
      data: { values: [[1], [value]] },
    });

    function answerQueries(answer: (refId: string, request: FakeRequest) => unknown) {
      mockBackend.on('POST', '/api/ds/query', (req) => {
        const refId = (req.data as { queries: Array<{ refId: string }> }).queries[0].refId;
        return answer(refId, req);
      });
    }

    it('runs each feature’s query for the host selector on the picked Prometheus and shows hosts, no data or the error', async () => {
      answerQueries((refId) => {
        if (refId === 'cpu_busy') {
          return { results: { cpu_busy: { status: 200, frames: [frame('web-1', 0.3), frame('web-2', 0.5)] } } };
        }
        if (refId === 'swap_used') {
          return new FakeHttpError(400, {
            results: { swap_used: { status: 400, error: 'bad_data: unexpected character' } },
          });
        }
        return { results: { [refId]: { status: 200, frames: [] } } };
      });
      render(<AppConfig {...getDefaultProps({ prometheusDatasourceUid: 'mimir', hostSelector: 'env="prod"' })} />);
      fireEvent.click(screen.getByTestId(ids.testFeatures));
      await waitFor(() =>
        expect(screen.getByTestId(ids.featureCheck('cpu_busy'))).toHaveTextContent('resolves (2 hosts: web-1, web-2)')
      );
      expect(screen.getByTestId(ids.featureCheck('memory_used'))).toHaveTextContent('no data for env="prod"');
      expect(screen.getByTestId(ids.featureCheck('swap_used'))).toHaveTextContent(
        'error: POST /api/ds/query failed (HTTP 400): bad_data: unexpected character'
      );

      const queries = mockBackend
        .calls('POST', '/api/ds/query')
        .map((r) => r.data as { queries: Array<Record<string, unknown>> });
      expect(queries).toHaveLength(14);
      const memory = queries.find((q) => q.queries[0].refId === 'memory_used')!;
      expect(memory).toEqual({
        queries: [
          {
            refId: 'memory_used',
            datasource: { uid: 'mimir' },
            expr: '1 - node_memory_MemAvailable_bytes{env="prod"} / node_memory_MemTotal_bytes{env="prod"}',
            instant: true,
            range: false,
          },
        ],
        from: 'now-5m',
        to: 'now',
      });
      const cpu = queries.find((q) => q.queries[0].refId === 'cpu_busy')!;
      expect(cpu.queries[0].expr).toContain('[1m]');
    });

    it('tests the template as edited, and forgets a result when its template changes', async () => {
      answerQueries((refId) => ({ results: { [refId]: { status: 200, frames: [frame('h', 1)] } } }));
      render(<AppConfig {...getDefaultProps({ prometheusDatasourceUid: 'prometheus' })} />);
      editTemplate('fd_used', 'my_fd{$selector} / my_fd_max{$selector}');
      fireEvent.click(screen.getByTestId(ids.testFeatures));
      await waitFor(() =>
        expect(screen.getByTestId(ids.featureCheck('fd_used'))).toHaveTextContent('resolves (1 host: h)')
      );
      const fd = mockBackend.calls('POST', '/api/ds/query').find((r) => JSON.stringify(r.data).includes('"fd_used"'))!;
      expect((fd.data as { queries: Array<{ expr: string }> }).queries[0].expr).toBe(
        'my_fd{job="node"} / my_fd_max{job="node"}'
      );
      editTemplate('fd_used', 'other{$selector}');
      expect(screen.getByTestId(ids.featureCheck('fd_used'))).toHaveTextContent('');
      expect(screen.getByTestId(ids.featureCheck('cpu_busy'))).toHaveTextContent('resolves');
    });

    it('asks for a Prometheus datasource first', async () => {
      render(<AppConfig {...getDefaultProps()} />);
      fireEvent.click(screen.getByTestId(ids.testFeatures));
      expect(await screen.findByTestId(ids.testFeaturesError)).toHaveTextContent('Pick a Prometheus datasource first');
      expect(mockBackend.requests).toHaveLength(0);
    });
  });

  describe('install buttons', () => {
    const picked = { prometheusDatasourceUid: 'mimir', sentinelDatasourceUid: 'sentinel-risk', threshold: 0.9 };

    beforeEach(() => {
      mockBackend.on('GET', '/api/folders/anomaly-sentinel', () => ({
        uid: 'anomaly-sentinel',
        title: 'Anomaly Sentinel',
      }));
      mockBackend.on('POST', '/api/dashboards/db', (req) => {
        const uid = (req.data as { dashboard: { uid: string } }).dashboard.uid;
        return { uid, url: `/d/${uid}/slug`, status: 'success', version: 1 };
      });
      mockBackend.on('PUT', /^\/api\/v1\/provisioning\/folder\/anomaly-sentinel\/rule-groups\//, (req) => req.data);
    });

    it('installs the dashboards against the picked datasources and links them', async () => {
      render(<AppConfig {...getDefaultProps(picked)} />);
      fireEvent.click(screen.getByTestId(ids.installDashboards));
      const result = await screen.findByTestId(ids.installDashboardsResult);
      expect(result).toHaveTextContent('Dashboards installed');
      expect(result).toHaveTextContent('Folder “Anomaly Sentinel” (anomaly-sentinel, existing)');
      expect(within(result).getByRole('link', { name: 'Fleet risk' })).toHaveAttribute(
        'href',
        '/d/sentinel-fleet-risk/slug'
      );
      expect(within(result).getByRole('link', { name: 'Host risk' })).toHaveAttribute(
        'href',
        '/d/sentinel-host-risk/slug'
      );
      const posted = JSON.stringify(mockBackend.calls('POST', '/api/dashboards/db').map((r) => r.data));
      expect(posted).toContain('"uid":"mimir"');
      expect(posted).not.toContain('"uid":"prometheus"');
    });

    it('says which dashboard failed and why', async () => {
      mockBackend.on('POST', '/api/dashboards/db', () => httpError(403, 'Access denied to save dashboard'));
      render(<AppConfig {...getDefaultProps(picked)} />);
      fireEvent.click(screen.getByTestId(ids.installDashboards));
      const result = await screen.findByTestId(ids.installDashboardsResult);
      expect(result).toHaveTextContent('2 of 2 dashboards not installed');
      expect(result).toHaveTextContent(
        'Fleet risk (uid sentinel-fleet-risk): POST /api/dashboards/db failed (HTTP 403): Access denied to save dashboard'
      );
    });

    it('installs the alert rule with the picked datasource, hosts and threshold, and links it', async () => {
      render(<AppConfig {...getDefaultProps({ ...picked, hostSelector: 'env="prod"' })} />);
      fireEvent.click(screen.getByTestId(ids.installAlertRules));
      const result = await screen.findByTestId(ids.installAlertRulesResult);
      expect(result).toHaveTextContent('Rule group “failure-risk” in folder “Anomaly Sentinel”');
      expect(within(result).getByRole('link', { name: 'Host failure predicted within 15 minutes' })).toHaveAttribute(
        'href',
        '/alerting/grafana/sentinel-failure-risk/view'
      );
      const [put] = mockBackend.calls('PUT', /rule-groups\/failure-risk$/);
      const body = JSON.stringify(put.data);
      expect(body).toContain('"datasourceUid":"sentinel-risk"');
      expect(body).toContain('"hostSelector":"env=\\"prod\\""');
      expect(body).toContain('"params":[0.9]');
    });

    it('reports a rule provisioned from a file instead of changing it', async () => {
      mockBackend.on('GET', '/api/v1/provisioning/alert-rules/sentinel-failure-risk', () => ({
        uid: 'sentinel-failure-risk',
        title: 'Host failure predicted within 15 minutes',
        folderUID: 'abc',
        ruleGroup: 'failure-risk',
        provenance: 'file',
      }));
      render(<AppConfig {...getDefaultProps(picked)} />);
      fireEvent.click(screen.getByTestId(ids.installAlertRules));
      expect(await screen.findByTestId(ids.installAlertRulesResult)).toHaveTextContent(
        'was loaded from a provisioning file, and Grafana does not let the API change it'
      );
      expect(mockBackend.calls('PUT', /./)).toHaveLength(0);
    });

    it('shows exactly what failed', async () => {
      mockBackend.on('PUT', /rule-groups/, () => httpError(403, 'You do not have permission to write alert rules'));
      render(<AppConfig {...getDefaultProps(picked)} />);
      fireEvent.click(screen.getByTestId(ids.installAlertRules));
      expect(await screen.findByTestId(ids.installError)).toHaveTextContent(
        'Alert rules not installed: PUT /api/v1/provisioning/folder/anomaly-sentinel/rule-groups/failure-risk failed (HTTP 403): You do not have permission to write alert rules'
      );
    });

    it('asks for both datasources before installing anything', async () => {
      render(<AppConfig {...getDefaultProps({ prometheusDatasourceUid: 'mimir' })} />);
      fireEvent.click(screen.getByTestId(ids.installAlertRules));
      expect(await screen.findByTestId(ids.installError)).toHaveTextContent(
        'Pick a Prometheus datasource and a Sentinel risk datasource first'
      );
      expect(mockBackend.requests).toHaveLength(0);
    });

    it('uses the fields as they are when pressed, before saving', async () => {
      render(<AppConfig {...getDefaultProps({ prometheusDatasourceUid: 'mimir' })} />);
      fireEvent.change(screen.getByLabelText('anomalysentinel-risk-datasource datasource'), {
        target: { value: 'sentinel-risk' },
      });
      fireEvent.change(screen.getByTestId(ids.threshold), { target: { value: '0.7' } });
      fireEvent.click(screen.getByTestId(ids.installAlertRules));
      await screen.findByTestId(ids.installAlertRulesResult);
      expect(JSON.stringify(mockBackend.calls('PUT', /rule-groups/)[0].data)).toContain('"params":[0.7]');
    });
  });
});

describe('validateAppSettings', () => {
  const form = {
    prometheusDatasourceUid: '',
    sentinelDatasourceUid: '',
    hostSelector: 'job="node"',
    horizonMinutes: '15',
    threshold: '0.5',
    featureTemplates: {},
  };

  it.each([
    [{ horizonMinutes: '0' }, /Horizon/],
    [{ horizonMinutes: '2.5' }, /Horizon/],
    [{ threshold: 'abc' }, /threshold/],
    [{ prometheusDatasourceUid: 'a b' }, /Prometheus datasource UID/],
    [{ sentinelDatasourceUid: 'x/y' }, /Sentinel risk datasource UID/],
    [{ hostSelector: 'job=node' }, /Host selector/],
  ])('refuses %j', (change, message) => {
    const result = validateAppSettings({ ...form, ...change });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(message);
  });

  it('fills in the default host selector when the field is empty', () => {
    const result = validateAppSettings({ ...form, hostSelector: '  ' });
    expect(result.ok && result.settings.hostSelector).toBe('job="node"');
  });
});
