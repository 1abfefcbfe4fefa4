import '../../pages/testUtils/sceneTestEnv';
import React from 'react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router-dom';
import { AppRootProps, PluginType } from '@grafana/data';
import { LocationServiceProvider, locationService } from '@grafana/runtime';
import { EmbeddedScene, SceneReactObject } from '@grafana/scenes';
import { render, screen, waitFor } from '@testing-library/react';
import { PLUGIN_BASE_URL } from '../../constants';
import App, { sceneAppFactory, sentinelSceneApp } from './App';

// The real scenes hold panels that need Grafana's plugin loader; stand-ins show what was routed where.
function stubScene(text: string) {
  return new EmbeddedScene({ body: new SceneReactObject({ reactNode: <div>{text}</div> }) });
}
jest.mock('../../pages/Fleet/fleetScene', () => ({
  fleetScene: (settings: { threshold: number }) => stubScene(`fleet scene, threshold ${settings.threshold}`),
}));
jest.mock('../../pages/Host/hostScene', () => ({
  hostScene: (instance: string) => stubScene(`host scene of ${instance}`),
}));
jest.mock('../../pages/Models/modelsScene', () => ({ modelsScene: () => stubScene('models scene') }));

function props(jsonData: object = {}): AppRootProps {
  return {
    basename: PLUGIN_BASE_URL,
    meta: {
      id: 'anomalysentinel-sentinel-app',
      name: 'Anomaly Sentinel',
      type: PluginType.app,
      enabled: true,
      jsonData,
    },
    query: {},
    path: '',
    onNavChanged: jest.fn(),
  } as unknown as AppRootProps;
}

function Location() {
  return <div data-testid="location">{useLocation().pathname}</div>;
}

function renderAt(path: string, jsonData: object = {}) {
  locationService.push(path);
  return render(
    <LocationServiceProvider service={locationService}>
      <MemoryRouter initialEntries={[path]}>
        <Routes>
          <Route
            path={`${PLUGIN_BASE_URL}/*`}
            element={
              <>
                <App {...props(jsonData)} />
                <Location />
              </>
            }
          />
        </Routes>
      </MemoryRouter>
    </LocationServiceProvider>
  );
}

test('the app root opens the fleet page with the configured threshold', async () => {
  renderAt(`${PLUGIN_BASE_URL}/`, { threshold: 0.9 });
  await waitFor(() => expect(screen.getByText('fleet scene, threshold 0.9')).toBeInTheDocument());
  expect(screen.getByTestId('location')).toHaveTextContent(`${PLUGIN_BASE_URL}/fleet`);
});

test("bookmarks of 0.1.0's overview page open the fleet page", async () => {
  renderAt(`${PLUGIN_BASE_URL}/overview`);
  await waitFor(() => expect(screen.getByTestId('location')).toHaveTextContent(`${PLUGIN_BASE_URL}/fleet`));
});

test('a host URL opens the host drill-down with the decoded instance', async () => {
  renderAt(`${PLUGIN_BASE_URL}/fleet/host/web-1%3A9100`);
  await waitFor(() => expect(screen.getByText('host scene of web-1:9100')).toBeInTheDocument());
});

test('the models page', async () => {
  renderAt(`${PLUGIN_BASE_URL}/models`);
  await waitFor(() => expect(screen.getByText('models scene')).toBeInTheDocument());
});

test('one scene app per settings, so URL sync and page state survive re-renders', () => {
  expect(sceneAppFactory({ threshold: 0.8 })).toBe(sceneAppFactory({ threshold: 0.8 }));
  expect(sceneAppFactory({ threshold: 0.8 })).not.toBe(sceneAppFactory({ threshold: 0.9 }));
  const app = sentinelSceneApp({ threshold: 0.8 });
  expect(app.state.pages.map((p) => [p.state.url, p.state.routePath])).toEqual([
    [`${PLUGIN_BASE_URL}/fleet`, 'fleet/*'],
    [`${PLUGIN_BASE_URL}/models`, 'models/*'],
  ]);
});
