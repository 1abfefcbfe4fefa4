import '../testUtils/sceneTestEnv';
import React from 'react';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { CustomVariable, sceneGraph } from '@grafana/scenes';
import { config } from '@grafana/runtime';
import { testIds } from '../../components/testIds';
import { activateModel, fetchModels, ModelsResponse, rollbackModel } from '../shared/sentinelApi';
import { inScene } from '../testUtils/inScene';
import { canChangeModels, ModelsList } from './ModelsList';

jest.mock('../shared/sentinelApi', () => ({
  ...jest.requireActual('../shared/sentinelApi'),
  fetchModels: jest.fn(),
  activateModel: jest.fn(),
  rollbackModel: jest.fn(),
}));
const mockModels = jest.mocked(fetchModels);
const mockActivate = jest.mocked(activateModel);
const mockRollback = jest.mocked(rollbackModel);

function listing(active: string): ModelsResponse {
  const model = (version: string) => ({
    name: 'default',
    version,
    contentHash: `${version}-0123456789abcdef`,
    active: version === active,
    stepSeconds: 15,
    horizon: '15m0s',
    alerting: { threshold: 0.95, minDurationSteps: 4, clearBelow: 0.8 },
    evaluation: {
      scenarios: {
        rows: [{ eventPrecision: 0.492, eventRecall: 0.838, falsePositiveRate: 0.02, medianLeadMinutes: 10.5 }],
        byFailureKind: [
          { kind: 'memory_leak', events: 23, detected: 23, medianLeadMinutes: 9.5 },
          { kind: 'network_saturation', events: 24, detected: 23, medianLeadMinutes: 3.3 },
        ],
      },
    },
  });
  return {
    active,
    models: [
      model('v1'),
      model('v2'),
      { version: 'broken', name: '', contentHash: '', active: false, stepSeconds: 0, horizon: '', error: 'bad schema' },
    ],
  };
}

function setRole(orgRole: string) {
  config.bootData.user = { ...config.bootData.user, orgRole } as typeof config.bootData.user;
}

function mount() {
  const obj = new ModelsList({ datasourceUid: '${sentinel}', load: { status: 'loading' } });
  const scene = inScene(obj, [
    new CustomVariable({ name: 'modelA', query: '', value: '', text: '' }),
    new CustomVariable({ name: 'modelB', query: '', value: '', text: '' }),
  ]);
  render(<obj.Component model={obj} />);
  return { obj, scene };
}

beforeEach(() => {
  mockModels.mockReset();
  mockActivate.mockReset();
  mockRollback.mockReset();
  setRole('Admin');
});

test('only org admins may change the model, as the backend checks', () => {
  expect(canChangeModels({ orgRole: 'Admin' })).toBe(true);
  expect(canChangeModels({ orgRole: 'Editor' })).toBe(false);
  expect(canChangeModels(undefined)).toBe(false);
});

test('lists versions with hash, horizon, threshold and evaluation, and a broken one with its error', async () => {
  mockModels.mockResolvedValue(listing('v2'));
  mount();
  await waitFor(() => expect(screen.getAllByTestId(testIds.models.row)).toHaveLength(3));
  expect(mockModels).toHaveBeenCalledWith('sentinel-risk');
  const [v1, v2, broken] = screen.getAllByTestId(testIds.models.row);
  expect(v1).toHaveTextContent('v1-012345678');
  expect(v1).toHaveTextContent('0.492');
  expect(v1).toHaveTextContent('10.5');
  // Which failures the model warns of, and how early, per kind.
  const [leadV1, , leadBroken] = screen.getAllByTestId(testIds.models.leadByKind);
  expect(leadV1).toHaveTextContent('memory_leak 23/23 · 9.5 min');
  expect(leadV1).toHaveTextContent('network_saturation 23/24 · 3.3 min');
  expect(leadBroken).toHaveTextContent('—');
  expect(v2).toHaveTextContent('active');
  expect(broken).toHaveTextContent('bad schema');
  // Only the inactive, loadable version can be activated.
  expect(screen.getAllByTestId(testIds.models.activate)).toHaveLength(1);
});

test('offers the versions in the comparison: the active one against another', async () => {
  mockModels.mockResolvedValue(listing('v2'));
  const { obj } = mount();
  await waitFor(() => expect(screen.getAllByTestId(testIds.models.row)).toHaveLength(3));
  const a = sceneGraph.lookupVariable('modelA', obj) as CustomVariable;
  const b = sceneGraph.lookupVariable('modelB', obj) as CustomVariable;
  expect(a.state.options.map((o) => o.value)).toEqual(['v1', 'v2']);
  expect(a.getValue()).toBe('v2');
  expect(b.getValue()).toBe('v1');
});

test('activating a version reports the new active model and lists again', async () => {
  mockModels.mockResolvedValueOnce(listing('v2')).mockResolvedValueOnce(listing('v1'));
  mockActivate.mockResolvedValue('v1');
  mount();
  await waitFor(() => expect(screen.getByTestId(testIds.models.activate)).toBeEnabled());
  await act(async () => fireEvent.click(screen.getByTestId(testIds.models.activate)));
  expect(mockActivate).toHaveBeenCalledWith('sentinel-risk', 'v1');
  await waitFor(() =>
    expect(screen.getByTestId(testIds.models.actionDone)).toHaveTextContent('v1 is now the active model.')
  );
  expect(mockModels).toHaveBeenCalledTimes(2);
});

test("a refused rollback shows the backend's message", async () => {
  mockModels.mockResolvedValue(listing('v2'));
  mockRollback.mockRejectedValue({
    status: 409,
    data: { error: 'no model directory configured; set Model directory on the datasource' },
  });
  mount();
  await waitFor(() => expect(screen.getByTestId(testIds.models.rollback)).toBeEnabled());
  await act(async () => fireEvent.click(screen.getByTestId(testIds.models.rollback)));
  await waitFor(() =>
    expect(screen.getByTestId(testIds.models.actionError)).toHaveTextContent(
      'no model directory configured; set Model directory on the datasource (HTTP 409)'
    )
  );
});

test('non-admins see the list with the buttons disabled and why', async () => {
  setRole('Viewer');
  mockModels.mockResolvedValue(listing('v2'));
  mount();
  await waitFor(() => expect(screen.getByTestId(testIds.models.adminOnly)).toBeInTheDocument());
  expect(screen.getByTestId(testIds.models.activate)).toBeDisabled();
  expect(screen.getByTestId(testIds.models.rollback)).toBeDisabled();
});

test('a failed listing says why', async () => {
  mockModels.mockRejectedValue({ status: 404, data: { message: 'Data source not found' } });
  mount();
  await waitFor(() =>
    expect(screen.getByTestId(testIds.models.loadError)).toHaveTextContent('Data source not found (HTTP 404)')
  );
});
