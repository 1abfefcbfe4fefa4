import '../testUtils/sceneTestEnv';
import React from 'react';
import { render, screen, waitFor } from '@testing-library/react';
import { SceneQueryRunner, VizPanel } from '@grafana/scenes';
import { testIds } from '../../components/testIds';
import { DEFAULT_FEATURES } from '../../model/features/featureSpec';
import { fetchFeatureSpecs, fetchModels } from '../shared/sentinelApi';
import { inScene } from '../testUtils/inScene';
import { FeaturePanels, FeaturePanelsView } from './FeaturePanels';
import { featureQueries, grafanaUnit, SHIPPED_FEATURES } from './featurePanels';

jest.mock('../shared/sentinelApi', () => ({
  ...jest.requireActual('../shared/sentinelApi'),
  fetchModels: jest.fn(),
  fetchFeatureSpecs: jest.fn(),
}));
const mockModels = jest.mocked(fetchModels);
const mockSpecs = jest.mocked(fetchFeatureSpecs);

beforeEach(() => {
  mockModels.mockReset();
  mockSpecs.mockReset();
});

test("featureQueries renders each feature's PromQL for the host, with the model's rate window", () => {
  const [q] = featureQueries(
    {
      rateWindow: '2m',
      features: [{ name: 'cpu', description: 'd', unit: 'ratio', promql: 'rate(x{$selector}[$rate])' }],
    },
    'web-1:9100'
  );
  expect(q).toEqual({ name: 'cpu', description: 'd', unit: 'ratio', expr: 'rate(x{instance="web-1:9100"}[2m])' });
});

test('grafanaUnit maps feature units', () => {
  expect(grafanaUnit('ratio')).toBe('percentunit');
  expect(grafanaUnit('bytes_per_second')).toBe('Bps');
  expect(grafanaUnit('per_second')).toBe('cps');
  expect(grafanaUnit('load_per_core')).toBe('short');
});

function panelsOf(obj: FeaturePanels): VizPanel[] {
  return (obj.state.grid?.state.children ?? []) as VizPanel[];
}

test("one Prometheus panel per feature of the active model's sentinel.json", async () => {
  mockModels.mockResolvedValue({ active: 'v7', models: [] });
  mockSpecs.mockResolvedValue({
    rateWindow: '1m',
    features: [
      { name: 'memory_used', description: 'Memory', unit: 'ratio', promql: 'm{$selector}' },
      { name: 'disk_busy', description: 'Disk', unit: 'ratio', promql: 'rate(d{$selector}[$rate])' },
    ],
  });
  const obj = new FeaturePanels({ instance: 'db-1', datasourceUid: '${sentinel}', load: { status: 'loading' } });
  inScene(obj);
  // Activated without rendering: VizPanels need Grafana's plugin loader, which jsdom lacks.
  obj.activate();
  await waitFor(() => expect(panelsOf(obj)).toHaveLength(2));
  expect(mockSpecs).toHaveBeenCalledWith('sentinel-risk', 'v7');
  const runner = panelsOf(obj)[1].state.$data as SceneQueryRunner;
  expect(runner.state.datasource).toEqual({ type: 'prometheus', uid: '${prometheus}' });
  expect(runner.state.queries[0]).toMatchObject({ expr: 'rate(d{instance="db-1"}[1m])' });
  expect(obj.state.load).toMatchObject({ status: 'ready', value: { version: 'v7' } });
  expect(obj.state.load.status === 'ready' && obj.state.load.value.notice).toBeFalsy();
});

test('the notice is shown above the panels', () => {
  render(
    <FeaturePanelsView
      load={{
        status: 'ready',
        value: { version: '', specs: { rateWindow: '1m', features: [] }, notice: 'Showing the shipped model' },
      }}
    />
  );
  expect(screen.getByTestId(testIds.host.featuresNotice)).toHaveTextContent('Showing the shipped model');
});

test("falls back to the shipped model's features and says why", async () => {
  mockModels.mockRejectedValue({ status: 502, data: { error: 'upstream down' } });
  const obj = new FeaturePanels({ instance: 'db-1', datasourceUid: '${sentinel}', load: { status: 'loading' } });
  inScene(obj);
  obj.activate();
  await waitFor(() => expect(panelsOf(obj)).toHaveLength(DEFAULT_FEATURES.length));
  expect(obj.state.load.status === 'ready' && obj.state.load.value.notice).toMatch(/upstream down \(HTTP 502\)/);
  expect(SHIPPED_FEATURES.features.map((f) => f.name)).toEqual(DEFAULT_FEATURES.map((f) => f.name));
});
