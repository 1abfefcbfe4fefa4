import React, { useMemo } from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';
import { AppRootProps } from '@grafana/data';
import { SceneApp, useSceneApp } from '@grafana/scenes';
import { ROUTES } from '../../constants';
import { prefixRoute } from '../../utils/utils.routing';
import { fleetPage } from '../../pages/Fleet/fleetPage';
import { modelsPage } from '../../pages/Models/modelsPage';
import { PageSettings, pageSettingsFrom } from '../../pages/shared/pageSettings';

/** The scenes app: fleet (with the host drill-down) and models. */
export function sentinelSceneApp(settings: PageSettings): SceneApp {
  return new SceneApp({
    name: 'anomaly-sentinel',
    pages: [fleetPage(settings), modelsPage(settings)],
    urlSyncOptions: { updateUrlOnInit: true, createBrowserHistorySteps: true },
  });
}

// useSceneApp caches an app per factory function; one factory per settings keeps URL sync and
// page state across visits, and a changed config page setting builds a new app.
const factories = new Map<string, () => SceneApp>();

export function sceneAppFactory(settings: PageSettings): () => SceneApp {
  const key = JSON.stringify(settings);
  let factory = factories.get(key);
  if (!factory) {
    factory = () => sentinelSceneApp(settings);
    factories.set(key, factory);
  }
  return factory;
}

function SentinelScenes({ settings }: { settings: PageSettings }) {
  const scene = useSceneApp(sceneAppFactory(settings));
  return <scene.Component model={scene} />;
}

function App(props: AppRootProps) {
  const jsonData = props.meta?.jsonData;
  const settings = useMemo(() => pageSettingsFrom(jsonData), [jsonData]);
  return (
    <Routes>
      <Route index element={<Navigate replace to={prefixRoute(ROUTES.Fleet)} />} />
      <Route path={ROUTES.LegacyOverview} element={<Navigate replace to={prefixRoute(ROUTES.Fleet)} />} />
      <Route path="*" element={<SentinelScenes settings={settings} />} />
    </Routes>
  );
}

export default App;
