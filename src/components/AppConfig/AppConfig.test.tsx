import React from 'react';
import { Observable, of, throwError } from 'rxjs';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { PluginType } from '@grafana/data';
import AppConfig, { AppConfigProps } from './AppConfig';
import { testIds } from '../testIds';
import { validateAppSettings } from './appSettings';

const fetchMock = jest.fn((): Observable<unknown> => of({ data: {} }));
jest.mock('@grafana/runtime', () => ({
  ...jest.requireActual('@grafana/runtime'),
  getBackendSrv: () => ({ fetch: fetchMock }),
}));

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

describe('AppConfig', () => {
  const reload = jest.fn();
  beforeAll(() => {
    Object.defineProperty(window, 'location', { value: { ...window.location, reload }, writable: true });
  });
  beforeEach(() => {
    fetchMock.mockClear();
    reload.mockClear();
  });

  it('shows the defaults when nothing is saved', () => {
    render(<AppConfig {...getDefaultProps()} />);
    expect(screen.getByTestId(testIds.appConfig.horizon)).toHaveValue('15');
    expect(screen.getByTestId(testIds.appConfig.threshold)).toHaveValue('0.8');
  });

  it('saves validated jsonData through the plugin settings API', async () => {
    render(<AppConfig {...getDefaultProps({ prometheusDatasourceUid: 'prometheus' })} />);
    fireEvent.change(screen.getByTestId(testIds.appConfig.threshold), { target: { value: '0.9' } });
    fireEvent.click(screen.getByTestId(testIds.appConfig.submit));
    await waitFor(() => expect(fetchMock).toHaveBeenCalledTimes(1));
    expect(fetchMock).toHaveBeenCalledWith({
      url: '/api/plugins/anomalysentinel-sentinel-app/settings',
      method: 'POST',
      data: {
        enabled: true,
        pinned: true,
        jsonData: { prometheusDatasourceUid: 'prometheus', horizonMinutes: 15, threshold: 0.9 },
      },
    });
    // Grafana reads plugin settings once per page load, so the page reloads to apply them.
    await waitFor(() => expect(reload).toHaveBeenCalledTimes(1));
  });

  it('says so when Grafana refuses to save, and stays on the page', async () => {
    fetchMock.mockImplementationOnce(() => throwError(() => ({ status: 403, data: { message: 'Permission denied' } })));
    render(<AppConfig {...getDefaultProps()} />);
    fireEvent.click(screen.getByTestId(testIds.appConfig.submit));
    expect(await screen.findByTestId(testIds.appConfig.error)).toHaveTextContent('Permission denied');
    expect(reload).not.toHaveBeenCalled();
  });

  it('refuses an out-of-range threshold and says why', async () => {
    render(<AppConfig {...getDefaultProps()} />);
    fireEvent.change(screen.getByTestId(testIds.appConfig.threshold), { target: { value: '1.5' } });
    fireEvent.click(screen.getByTestId(testIds.appConfig.submit));
    expect(await screen.findByTestId(testIds.appConfig.error)).toHaveTextContent('between 0 and 1');
    expect(fetchMock).not.toHaveBeenCalled();
  });
});

describe('validateAppSettings', () => {
  it.each([
    [{ prometheusDatasourceUid: '', horizonMinutes: '0', threshold: '0.5' }, /Horizon/],
    [{ prometheusDatasourceUid: '', horizonMinutes: '2.5', threshold: '0.5' }, /Horizon/],
    [{ prometheusDatasourceUid: '', horizonMinutes: '15', threshold: 'abc' }, /threshold/],
    [{ prometheusDatasourceUid: 'a b', horizonMinutes: '15', threshold: '0.5' }, /UID/],
  ])('refuses %j', (form, message) => {
    const result = validateAppSettings(form);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(message);
  });
});
