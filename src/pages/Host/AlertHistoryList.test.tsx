import '../testUtils/sceneTestEnv';
import React from 'react';
import { render, screen, waitFor } from '@testing-library/react';
import { testIds } from '../../components/testIds';
import { fetchAlertAnnotations } from '../shared/sentinelApi';
import { inScene, RANGE_FROM_MS, RANGE_TO_MS } from '../testUtils/inScene';
import { AlertHistoryList } from './AlertHistoryList';

jest.mock('../shared/sentinelApi', () => ({
  ...jest.requireActual('../shared/sentinelApi'),
  fetchAlertAnnotations: jest.fn(),
}));
const mockAnnotations = jest.mocked(fetchAlertAnnotations);

function mount() {
  const obj = new AlertHistoryList({ instance: 'web-1', datasourceUid: '', load: { status: 'loading' } });
  inScene(obj);
  render(<obj.Component model={obj} />);
  return obj;
}

beforeEach(() => mockAnnotations.mockReset());

test("lists the host's transitions in the time range, newest first", async () => {
  mockAnnotations.mockResolvedValue([
    {
      id: 1,
      time: RANGE_FROM_MS + 1000,
      text: 'Failure risk {instance=web-1} - B=0.97',
      prevState: 'Pending',
      newState: 'Alerting',
    },
    { id: 2, time: RANGE_FROM_MS + 5000, text: 'Failure risk {instance=web-2} - B=0.99', newState: 'Alerting' },
    {
      id: 3,
      time: RANGE_FROM_MS + 9000,
      text: 'Failure risk {instance=web-1} - B=0.5',
      prevState: 'Alerting',
      newState: 'Normal',
    },
  ]);
  mount();
  await waitFor(() => expect(screen.getAllByTestId(testIds.host.alertRow)).toHaveLength(2));
  expect(mockAnnotations).toHaveBeenCalledWith(RANGE_FROM_MS, RANGE_TO_MS);
  const [newest, oldest] = screen.getAllByTestId(testIds.host.alertRow);
  expect(newest).toHaveTextContent('Alerting → Normal');
  expect(oldest).toHaveTextContent('Pending → Alerting');
  expect(oldest).toHaveTextContent('B=0.97');
});

test('says when no alert changed state for the host', async () => {
  mockAnnotations.mockResolvedValue([{ id: 2, time: 1, text: 'R {instance=web-2} - x' }]);
  mount();
  await waitFor(() => expect(screen.getByTestId(testIds.host.alertHistoryEmpty)).toHaveTextContent('web-1'));
});

test("shows Grafana's error when the history cannot be read", async () => {
  mockAnnotations.mockRejectedValue({ status: 403, data: { message: 'Permission denied' } });
  mount();
  await waitFor(() =>
    expect(screen.getByTestId(testIds.host.alertHistoryError)).toHaveTextContent('Permission denied (HTTP 403)')
  );
});
