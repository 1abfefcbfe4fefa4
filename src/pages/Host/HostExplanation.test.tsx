import '../testUtils/sceneTestEnv';
import React from 'react';
import { render, screen, waitFor } from '@testing-library/react';
import { dateTime } from '@grafana/data';
import { testIds } from '../../components/testIds';
import { fetchExplanation } from '../shared/sentinelApi';
import { inScene, RANGE_TO_MS } from '../testUtils/inScene';
import { explainTimeMs, HostExplanation } from './HostExplanation';

jest.mock('../shared/sentinelApi', () => ({
  ...jest.requireActual('../shared/sentinelApi'),
  fetchExplanation: jest.fn(),
}));
const mockExplain = jest.mocked(fetchExplanation);

function mount() {
  const obj = new HostExplanation({
    instance: 'web-1:9100',
    datasourceUid: '${sentinel}',
    load: { status: 'loading' },
  });
  inScene(obj);
  render(<obj.Component model={obj} />);
  return obj;
}

beforeEach(() => mockExplain.mockReset());

test('explainTimeMs takes the end of the range, never the future', () => {
  const range = { from: dateTime(0), to: dateTime(5000), raw: { from: '0', to: '5000' } };
  expect(explainTimeMs(range, 10_000)).toBe(5000);
  expect(explainTimeMs(range, 3000)).toBe(3000);
});

test('shows the risk and the top contributing metrics at the end of the range', async () => {
  mockExplain.mockResolvedValue({
    host: 'web-1:9100',
    time: '2026-01-01T06:00:00Z',
    risk: 0.4321,
    components: { failure: 0.2, residual: 0.1, isolation: 0.05, baseline: 0.01 },
    weights: { failure: 0.58, residual: 0.67, isolation: 0, baseline: 0.1 },
    contributions: [
      { feature: 'memory_used', share: 0.6 },
      { feature: 'disk_busy', share: 0.3 },
    ],
  });
  mount();
  await waitFor(() => expect(screen.getByTestId(testIds.host.explanationRisk)).toHaveTextContent('43.2 %'));
  expect(mockExplain).toHaveBeenCalledWith('sentinel-risk', 'web-1:9100', RANGE_TO_MS);
  const rows = screen.getAllByTestId(testIds.host.contribution);
  expect(rows.map((r) => r.textContent)).toEqual(['memory_used60.0 %', 'disk_busy30.0 %']);
  expect(
    screen.getByText(
      'Parts: failure 0.200 · residual 0.100 · isolation 0.050 (weight 0: not used by this model) · baseline 0.010'
    )
  ).toBeInTheDocument();
});

test('with a failure head, says where risk comes from and marks no part unused', async () => {
  mockExplain.mockResolvedValue({
    host: 'web-1:9100',
    time: '2026-01-01T06:00:00Z',
    risk: 0.9,
    components: { failure: 0.2, residual: 0.1, isolation: 0.05, baseline: 0.01 },
    weights: { failure: 0.58, residual: 0.67, isolation: 0, baseline: 0 },
    failureHead: true,
    contributions: [{ feature: 'memory_used', share: 1 }],
  });
  mount();
  await waitFor(() => expect(screen.getByTestId(testIds.host.explanationHead)).toHaveTextContent(/failure head/));
  expect(
    screen.getByText('Parts: failure 0.200 · residual 0.100 · isolation 0.050 · baseline 0.010')
  ).toBeInTheDocument();
});

test("shows the backend's reason when there is nothing to explain", async () => {
  mockExplain.mockRejectedValue({ status: 404, data: { error: 'no feature returned data for instance "web-1:9100"' } });
  mount();
  await waitFor(() =>
    expect(screen.getByTestId(testIds.host.explanationError)).toHaveTextContent(
      'no feature returned data for instance "web-1:9100" (HTTP 404)'
    )
  );
});

test('says so when no metric pushes the risk up', async () => {
  mockExplain.mockResolvedValue({ host: 'h', time: 'x', risk: 0.01, components: {}, contributions: [] });
  mount();
  await waitFor(() => expect(screen.getByText('No metric pushes the risk up at this time.')).toBeInTheDocument());
});
