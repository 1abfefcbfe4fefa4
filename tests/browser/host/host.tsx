/**
 * The browser side of the test host (tests/browser/grafanalite serves it): shares React and the
 * @grafana packages with plugins through SystemJS exactly as Grafana's plugin loader does
 * (`package:<name>` modules + an import map, AMD extra), provides @grafana/runtime's backend and
 * datasource services over the host's HTTP API, loads the *built* plugin modules from their
 * public paths, and renders them. Tests drive it through `window.sentinelHost`. The app plugin's
 * pages (@grafana/scenes) need more of Grafana core: ./app.tsx.
 */
import 'systemjs/dist/system.js';
import 'systemjs/dist/extras/amd.js';
import * as emotionCss from '@emotion/css';
import * as emotionReact from '@emotion/react';
import * as grafanaData from '@grafana/data';
import * as grafanaRuntime from '@grafana/runtime';
import * as grafanaUI from '@grafana/ui';
import * as i18next from 'i18next';
import * as lodash from 'lodash';
import * as React from 'react';
import * as ReactDOM from 'react-dom';
import * as ReactDOMClient from 'react-dom/client';
import * as jsxRuntime from 'react/jsx-runtime';
import * as reactRouter from 'react-router';
import * as reactRouterDom from 'react-router-dom';
import * as rxjs from 'rxjs';
import * as rxjsOperators from 'rxjs/operators';
import { from, Observable } from 'rxjs';
import { appEvents, datasourceApi, interceptLinkClicks, registerStandardFieldConfig, renderApp, runRequest, standInPanels, templateSrv } from './app';

const { dateTime, LoadingState, EventBusSrv } = grafanaData;

declare global {
  interface Window {
    System: { set(id: string, module: unknown): void; addImportMap(map: { imports: Record<string, string> }): void; import(id: string): Promise<any> };
    sentinelHost: SentinelHost;
  }
}

// Grafana core registers the panel option editors; the plugin's options builder looks them up by
// id. Placeholders are enough here: the host computes defaults, it does not edit options.
grafanaData.standardEditorsRegistry.setInit(() =>
  ['radio', 'text', 'slider', 'number', 'select', 'boolean', 'color', 'unit', 'multi-select', 'datasource'].map((id) => ({
    id,
    name: id,
    editor: () => null,
  }))
);

const shared: Record<string, unknown> = {
  '@emotion/css': emotionCss,
  '@emotion/react': emotionReact,
  '@grafana/data': grafanaData,
  '@grafana/runtime': grafanaRuntime,
  '@grafana/ui': grafanaUI,
  i18next,
  lodash,
  react: React,
  'react-dom': ReactDOM,
  'react/jsx-runtime': jsxRuntime,
  'react-router': reactRouter,
  'react-router-dom': reactRouterDom,
  rxjs,
  'rxjs/operators': rxjsOperators,
};
const imports: Record<string, string> = {};
for (const [name, module] of Object.entries(shared)) {
  window.System.set(`package:${name}`, module);
  imports[name] = `package:${name}`;
}
window.System.addImportMap({ imports });

interface HostDatasource {
  uid: string;
  name: string;
  type: string;
}
let datasources: HostDatasource[] = [];

function fetchOverHttp(options: grafanaRuntime.BackendSrvRequest): Observable<grafanaRuntime.FetchResponse> {
  return from(
    (async () => {
      let url = options.url;
      if (options.params && Object.keys(options.params).length > 0) {
        url += (url.includes('?') ? '&' : '?') + new URLSearchParams(options.params as Record<string, string>).toString();
      }
      const res = await window.fetch(url, {
        method: options.method ?? 'GET',
        headers: { 'Content-Type': 'application/json' },
        body: options.data === undefined ? undefined : JSON.stringify(options.data),
      });
      const isJson = res.headers.get('content-type')?.includes('json');
      const data = options.responseType === 'arraybuffer' ? await res.arrayBuffer() : isJson ? await res.json() : await res.text();
      const response = { data, status: res.status, statusText: res.statusText, ok: res.ok, headers: res.headers, url, type: res.type, redirected: false, config: options };
      if (!res.ok) {
        throw { ...response, message: (data as { message?: string })?.message ?? res.statusText };
      }
      return response as grafanaRuntime.FetchResponse;
    })()
  );
}

const backendSrv = {
  fetch: fetchOverHttp,
  request: (o: grafanaRuntime.BackendSrvRequest) => rxjs.lastValueFrom(fetchOverHttp(o)).then((r) => r.data),
  datasourceRequest: (o: grafanaRuntime.BackendSrvRequest) => rxjs.lastValueFrom(fetchOverHttp(o)),
  get: (url: string, params?: Record<string, unknown>) => rxjs.lastValueFrom(fetchOverHttp({ url, params })).then((r) => r.data),
  delete: (url: string) => rxjs.lastValueFrom(fetchOverHttp({ url, method: 'DELETE' })).then((r) => r.data),
  post: (url: string, data?: unknown) => rxjs.lastValueFrom(fetchOverHttp({ url, method: 'POST', data })).then((r) => r.data),
  put: (url: string, data?: unknown) => rxjs.lastValueFrom(fetchOverHttp({ url, method: 'PUT', data })).then((r) => r.data),
  patch: (url: string, data?: unknown) => rxjs.lastValueFrom(fetchOverHttp({ url, method: 'PATCH', data })).then((r) => r.data),
};
grafanaRuntime.setBackendSrv(backendSrv as unknown as grafanaRuntime.BackendSrv);

const settingsOf = (ds: HostDatasource) =>
  ({ ...ds, id: 0, meta: { id: ds.type, name: ds.name, type: 'datasource', info: {} }, jsonData: {}, access: 'proxy', readOnly: true }) as unknown as grafanaData.DataSourceInstanceSettings;

// Like Grafana's DataSourceSrv, a uid may name a variable (`${sentinel}`): templateSrv resolves it.
const instanceSettings = (ref: string | { uid?: string } | null | undefined, scopedVars?: grafanaData.ScopedVars) => {
  const uid = templateSrv.replace(typeof ref === 'string' ? ref : (ref?.uid ?? ''), scopedVars);
  const ds = datasources.find((d) => d.uid === uid || d.name === uid);
  return ds ? settingsOf(ds) : undefined;
};

grafanaRuntime.setDataSourceSrv({
  getList: (filters?: { type?: string | string[]; pluginId?: string }) =>
    datasources
      .filter((d) => !filters?.type || (Array.isArray(filters.type) ? filters.type.includes(d.type) : d.type === filters.type))
      .filter((d) => !filters?.pluginId || d.type === filters.pluginId)
      .map(settingsOf),
  getInstanceSettings: instanceSettings,
  // The app pages' queries: the built Sentinel datasource plugin, or the Prometheus stand-in (app.tsx).
  get: async (ref?: string | { uid?: string } | null, scopedVars?: grafanaData.ScopedVars) => {
    await window.sentinelHost.ready;
    const settings = instanceSettings(ref, scopedVars);
    if (!settings) {
      throw new Error(`datasource ${JSON.stringify(ref)} is not configured in grafanalite`);
    }
    return datasourceApi(settings);
  },
  reload: () => undefined,
  registerRuntimeDataSource: () => undefined,
} as unknown as grafanaRuntime.DataSourceSrv);

grafanaRuntime.setRunRequest(runRequest);
grafanaRuntime.setTemplateSrv(templateSrv as unknown as grafanaRuntime.TemplateSrv);
grafanaRuntime.setAppEvents(appEvents as never);
grafanaRuntime.setPluginImportUtils({
  importPanelPlugin: async (id: string) => {
    if (standInPanels[id]) {
      return standInPanels[id];
    }
    throw new Error(`panel plugin ${id} is not available in the browser test host`);
  },
  getPanelPluginFromCache: (id: string) => standInPanels[id],
});
registerStandardFieldConfig();
interceptLinkClicks();

export interface RenderPanelRequest {
  /** Unmount the previous panel first. */
  fresh?: boolean;
  fromMs: number;
  toMs: number;
  options?: Record<string, unknown>;
  width?: number;
  height?: number;
  /** panelQueries mode: frames as plain objects (fields with name, type, values, labels). */
  series?: Array<{ refId: string; fields: Array<{ name: string; type: string; values: number[]; labels?: Record<string, string> }> }>;
}

export interface SyntheticRequest {
  hosts: number;
  fromMs: number;
  toMs: number;
  stepMs: number;
  options?: Record<string, unknown>;
  width?: number;
  height?: number;
}

interface SentinelHost {
  ready: Promise<void>;
  renderPanel(request: RenderPanelRequest): Promise<void>;
  /** panelQueries mode over generated frames (the benchmark): every model feature for `hosts` hosts. */
  renderSynthetic(request: SyntheticRequest): Promise<void>;
  panelDefaults(): Promise<Record<string, unknown>>;
  /** Renders the app plugin's root at a Grafana URL, e.g. /a/anomalysentinel-sentinel-app/fleet?from=…&to=…. */
  renderApp(path: string): Promise<void>;
  longTasks: number[];
}

let root: ReactDOMClient.Root | undefined;
let panelPlugin: Promise<grafanaData.PanelPlugin> | undefined;
const loadPanel = () =>
  (panelPlugin ??= window.System.import('/public/plugins/anomalysentinel-risk-panel/module.js').then((m) => m.plugin as grafanaData.PanelPlugin));

const longTasks: number[] = [];
try {
  new PerformanceObserver((list) => list.getEntries().forEach((e) => longTasks.push(e.duration))).observe({ type: 'longtask', buffered: true });
} catch {
  // longtask timing is Chromium-only; the benchmark then reports no figure.
}

let featureNames: Promise<Array<{ name: string; unit: string }>> | undefined;
const modelFeatures = () =>
  (featureNames ??= backendSrv
    .get('/api/datasources/uid/sentinel-risk/resources/models')
    .then((m: { active: string }) => backendSrv.get(`/api/datasources/uid/sentinel-risk/resources/models/${m.active}/files/sentinel.json`))
    .then((body: unknown) => (typeof body === 'string' ? JSON.parse(body) : body) as { features: Array<{ name: string; unit: string }> })
    .then((meta) => meta.features));

/** A deterministic, smooth, plausible value per host, feature and time (ratios stay in [0, 1]). */
function syntheticValue(host: number, feature: number, unit: string, t: number): number {
  const wave = Math.sin(t / 600_000 + host * 0.7 + feature) * 0.5 + Math.sin(t / 97_000 + feature * 1.3) * 0.2;
  return unit === 'ratio' ? 0.35 + 0.25 * wave : 1000 * (2 + wave);
}

window.sentinelHost = {
  longTasks,
  async renderApp(path) {
    await window.sentinelHost.ready;
    await renderApp(path);
  },
  async renderSynthetic(request) {
    const features = await modelFeatures();
    const times: number[] = [];
    for (let t = Math.ceil(request.fromMs / request.stepMs) * request.stepMs - 75 * request.stepMs * 4; t <= request.toMs; t += request.stepMs) {
      times.push(t);
    }
    const series = features.map((f, fi) => ({
      refId: f.name,
      fields: [
        { name: 'Time', type: 'time', values: times },
        ...Array.from({ length: request.hosts }, (_, h) => ({
          name: 'Value',
          type: 'number',
          labels: { instance: `host-${String(h).padStart(2, '0')}` },
          values: times.map((t) => syntheticValue(h, fi, f.unit, t)),
        })),
      ],
    }));
    await window.sentinelHost.renderPanel({ fromMs: request.fromMs, toMs: request.toMs, options: { source: 'panelQueries', ...request.options }, series, width: request.width, height: request.height });
  },
  ready: fetch('/api/datasources')
    .then((r) => r.json())
    .then((list: HostDatasource[]) => {
      datasources = list;
    }),
  async panelDefaults() {
    const plugin = await loadPanel();
    return (plugin as unknown as { defaults: Record<string, unknown> }).defaults ?? {};
  },
  async renderPanel(request) {
    await window.sentinelHost.ready;
    const plugin = await loadPanel();
    const Panel = plugin.panel!;
    const defaults = (plugin as unknown as { defaults: Record<string, unknown> }).defaults ?? {};
    const timeRange = { from: dateTime(request.fromMs), to: dateTime(request.toMs), raw: { from: dateTime(request.fromMs), to: dateTime(request.toMs) } };
    const series = (request.series ?? []).map((s) =>
      grafanaData.createDataFrame({ refId: s.refId, fields: s.fields.map((f) => ({ name: f.name, type: f.type as grafanaData.FieldType, values: f.values, labels: f.labels })) })
    );
    const props = {
      id: 1,
      title: 'Failure risk',
      data: { state: LoadingState.Done, series, timeRange, annotations: [] },
      timeRange,
      timeZone: 'browser',
      options: { ...defaults, ...request.options },
      fieldConfig: { defaults: {}, overrides: [] },
      transparent: false,
      width: request.width ?? 1100,
      height: request.height ?? 420,
      renderCounter: 0,
      eventBus: new EventBusSrv(),
      onOptionsChange: () => undefined,
      onFieldConfigChange: () => undefined,
      replaceVariables: (s: string) => s,
      onChangeTimeRange: () => undefined,
    };
    if (request.fresh && root) {
      // A new panel instance (as when a dashboard loads), so no state of the previous one is visible.
      root.unmount();
      root = undefined;
    }
    root ??= ReactDOMClient.createRoot(document.getElementById('panel')!);
    root.render(React.createElement(Panel as React.ComponentType<typeof props>, props));
    // Resolve once React has committed the render, so the caller never sees the previous state.
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  },
};
