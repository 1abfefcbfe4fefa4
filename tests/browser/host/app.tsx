/**
 * The app plugin's side of the test host: what Grafana core gives a @grafana/scenes app beyond
 * what the panel needs — runRequest, templateSrv, DataSourceApi instances (the built Sentinel
 * datasource plugin and a Prometheus stand-in), panel plugins for the core visualisations the pages
 * use (stand-ins built on @grafana/ui), a router around plugin.root, and Grafana's interception of
 * same-origin link clicks. host.tsx wires these into @grafana/runtime and window.sentinelHost.
 */
import * as React from 'react';
import * as ReactDOMClient from 'react-dom/client';
import { Route, Router, Routes } from 'react-router-dom';
import { catchError, from, map, mergeMap, Observable, of, startWith } from 'rxjs';
import {
  AppPlugin,
  DataFrame,
  DataQuery,
  DataQueryRequest,
  DataQueryResponse,
  DataSourceApi,
  DataSourceGetTagKeysOptions,
  DataSourceGetTagValuesOptions,
  DataSourceInstanceSettings,
  EventBusSrv,
  FieldConfigProperty,
  FieldType,
  FieldConfigPropertyItem,
  getDisplayProcessor,
  LoadingState,
  MetricFindValue,
  PanelData,
  PanelPlugin,
  PanelProps,
  PluginType,
  ScopedVars,
  standardFieldConfigEditorRegistry,
  toDataFrame,
  urlUtil,
} from '@grafana/data';
import * as runtime from '@grafana/runtime';
import { TimeSeries } from '@grafana/ui';

export const APP_ID = 'anomalysentinel-sentinel-app';
export const APP_BASE = `/a/${APP_ID}`;

type System = { import(id: string): Promise<any> };
const system = () => (window as unknown as { System: System }).System;

/**
 * Grafana's runRequest, reduced to what scenes needs: Loading, then the datasource's answer as
 * PanelData (frames, errors) or an Error state. Not done: streaming merges, annotations split from
 * series, query caching, request cancellation, the query inspector's bookkeeping.
 */
export function runRequest(ds: DataSourceApi, request: DataQueryRequest, queryFn?: typeof ds.query): Observable<PanelData> {
  const query = queryFn ?? ds.query.bind(ds);
  const base = { timeRange: request.range, request };
  return from(Promise.resolve()).pipe(
    mergeMap(() => from(query(request) as Observable<DataQueryResponse> | Promise<DataQueryResponse>)),
    map(
      (response): PanelData => ({
        ...base,
        state: response.state ?? (response.errors?.length || response.error ? LoadingState.Error : LoadingState.Done),
        series: (response.data ?? []).map((d: unknown) => toDataFrame(d)),
        errors: response.errors ?? (response.error ? [response.error] : undefined),
      })
    ),
    catchError((err) => of<PanelData>({ ...base, state: LoadingState.Error, series: [], errors: [runtime.toDataQueryError(err)] })),
    startWith<PanelData>({ ...base, state: LoadingState.Loading, series: [] })
  );
}

/** The parts of a scene object (from the app's own copy of @grafana/scenes) the lookup reads. */
interface SceneNode {
  parent?: SceneNode;
  state?: { $variables?: { state: { variables: Array<{ state: { name: string }; getValue(): unknown }> } } };
}

/** A variable's value as scenes resolves it: the nearest $variables up the scene graph that names it. */
function sceneVariable(scene: SceneNode | undefined, name: string): unknown {
  for (let node = scene; node; node = node.parent) {
    const variable = node.state?.$variables?.state.variables.find((v) => v.state.name === name);
    if (variable) {
      return variable.getValue();
    }
  }
  return undefined;
}

/**
 * templateSrv. Grafana's delegates to scenes' interpolation with the request's scene object
 * (scopedVars.__sceneObject) or the active scene (window.__grafanaSceneContext); @grafana/scenes
 * cannot be bundled into the host (its PanelBuilders import defaults @grafana/schema 12.4 no longer
 * exports), so this resolves `$name` / `${name}` from scopedVars, then from the scene's variables
 * by walking the scene graph — how `${sentinel}` in a datasource ref becomes a uid. Not done:
 * formats (`${name:regex}`…), multi-value joins, macros; scenes interpolates those itself before
 * queries reach a datasource, and the pages' risk queries are finished by RiskQueryBinding.
 */
export const templateSrv = {
  getVariables: () => [],
  containsTemplate: (target?: string) => /\$/.test(target ?? ''),
  updateTimeRange: () => undefined,
  replace(target?: string, scopedVars?: ScopedVars): string {
    // scenes wraps the object (SafeSerializableSceneObject): valueOf() is the scene object itself.
    const wrapped = scopedVars?.__sceneObject?.value as { valueOf(): unknown } | undefined;
    const scene = (wrapped?.valueOf() ?? (window as unknown as { __grafanaSceneContext?: SceneNode }).__grafanaSceneContext) as SceneNode | undefined;
    return (target ?? '').replace(/\$\{(\w+)\}|\$(\w+)/g, (whole, a, b) => {
      const name = a ?? b;
      const scoped = scopedVars?.[name]?.value;
      const value = scoped !== undefined && typeof scoped !== 'object' ? scoped : sceneVariable(scene, name);
      return value === undefined || value === null || typeof value === 'object' ? whole : String(value);
    });
  },
};

type Settings = DataSourceInstanceSettings;

/**
 * Stand-in for Grafana's core Prometheus datasource (not available outside Grafana). It does:
 * range and instant PromQL through /api/ds/query (grafanalite answers uid "prometheus" with the
 * backend's PromQL proxy, one frame per series); `label_values(metric, label)` and
 * `label_values(label)` for query variables; label names/values for ad hoc filters — the last two
 * from Prometheus's HTTP API through /api/datasources/proxy/uid/prometheus (Grafana's datasource
 * proxy). It does not do: other variable functions (metrics(), query_result(), label_names()),
 * $__rate_interval or other Prometheus macros, exemplars, annotations, legend formats, the query
 * editor, or incremental querying.
 */
export class PrometheusStandIn extends DataSourceApi<DataQuery & { expr?: string; instant?: boolean }> {
  query(request: DataQueryRequest<DataQuery & { expr?: string; instant?: boolean }>): Observable<DataQueryResponse> {
    const queries = request.targets
      .filter((t) => !t.hide && t.expr)
      .map((t) => ({
        refId: t.refId,
        datasource: { uid: this.uid, type: 'prometheus' },
        expr: templateSrv.replace(t.expr, request.scopedVars),
        instant: Boolean(t.instant),
        intervalMs: request.intervalMs,
        maxDataPoints: request.maxDataPoints,
      }));
    return runtime
      .getBackendSrv()
      .fetch<runtime.BackendDataSourceResponse>({
        url: '/api/ds/query',
        method: 'POST',
        data: { from: String(request.range.from.valueOf()), to: String(request.range.to.valueOf()), queries },
      })
      .pipe(map((res) => runtime.toDataQueryResponse(res, request.targets)));
  }

  private proxy(path: string, params: Record<string, string | number>) {
    return runtime.getBackendSrv().get(`/api/datasources/proxy/uid/${this.uid}/api/v1/${path}`, params) as Promise<{ data: string[] }>;
  }

  private rangeParams(options?: { timeRange?: DataQueryRequest['range']; range?: DataQueryRequest['range'] }): Record<string, string | number> {
    const range = options?.range ?? options?.timeRange;
    return range ? { start: Math.floor(range.from.valueOf() / 1000), end: Math.ceil(range.to.valueOf() / 1000) } : {};
  }

  async metricFindQuery(query: string | { query?: string }, options?: { range?: DataQueryRequest['range'] }): Promise<MetricFindValue[]> {
    const text = typeof query === 'string' ? query : (query?.query ?? '');
    const m = /^\s*label_values\(\s*(?:(.+?)\s*,\s*)?([a-zA-Z_]\w*)\s*\)\s*$/.exec(text);
    if (!m) {
      throw new Error(`the Prometheus stand-in answers only label_values(metric, label) and label_values(label), not ${text}`);
    }
    const params: Record<string, string | number> = { ...this.rangeParams(options) };
    if (m[1]) {
      params['match[]'] = m[1];
    }
    const body = await this.proxy(`label/${m[2]}/values`, params);
    return body.data.map((v) => ({ text: v, value: v }));
  }

  async getTagKeys(options?: DataSourceGetTagKeysOptions): Promise<MetricFindValue[]> {
    const body = await this.proxy('labels', this.rangeParams(options));
    return body.data.filter((k) => k !== '__name__').map((k) => ({ text: k }));
  }

  async getTagValues(options: DataSourceGetTagValuesOptions): Promise<MetricFindValue[]> {
    const body = await this.proxy(`label/${options.key}/values`, this.rangeParams(options));
    return body.data.map((v) => ({ text: v }));
  }

  async testDatasource() {
    await this.proxy('labels', {});
    return { status: 'success', message: 'Prometheus answered' };
  }
}

/** DataSourceApi instances by uid: the built Sentinel datasource plugin, or the Prometheus stand-in. */
const instances = new Map<string, Promise<DataSourceApi>>();
export function datasourceApi(settings: Settings): Promise<DataSourceApi> {
  let ds = instances.get(settings.uid);
  if (!ds) {
    ds =
      settings.type === 'prometheus'
        ? Promise.resolve(new PrometheusStandIn(settings) as unknown as DataSourceApi)
        : system()
            .import(`/public/plugins/${settings.type}/module.js`)
            .then((m) => {
              const plugin = m.plugin as { DataSourceClass: new (s: Settings) => DataSourceApi; meta?: unknown };
              const api = new plugin.DataSourceClass(settings);
              api.components = (m.plugin as { components?: DataSourceApi['components'] }).components;
              return api;
            });
    instances.set(settings.uid, ds);
  }
  return ds;
}

/**
 * The standard field options Grafana core registers (unit, min, max, decimals, display name,
 * color, thresholds, links, mappings, no value): without them applyFieldOverrides drops the
 * pages' field config. Values pass through unchanged; Grafana's editors are not needed here.
 */
export function registerStandardFieldConfig() {
  const standard: string[] = [
    FieldConfigProperty.Unit,
    FieldConfigProperty.Min,
    FieldConfigProperty.Max,
    FieldConfigProperty.Decimals,
    FieldConfigProperty.DisplayName,
    FieldConfigProperty.Color,
    FieldConfigProperty.Thresholds,
    FieldConfigProperty.Links,
    FieldConfigProperty.Mappings,
    FieldConfigProperty.NoValue,
    FieldConfigProperty.Filterable,
  ];
  standardFieldConfigEditorRegistry.setInit(() => standard.map((id) => passThrough(id, false)));
}

/** Grafana expands variables (`${__field.labels.instance}`) in display names only. */
const expandsVariables: string[] = [FieldConfigProperty.DisplayName];

function passThrough(id: string, isCustom: boolean): FieldConfigPropertyItem {
  const expand = expandsVariables.includes(id);
  return {
    id: isCustom ? `custom.${id}` : id,
    path: id,
    name: id,
    isCustom,
    editor: () => null,
    override: () => null,
    process: (value: unknown, context: { replaceVariables?: (v: string, scoped?: ScopedVars) => string; field?: { state?: { scopedVars?: ScopedVars } } }) =>
      expand && typeof value === 'string' && context.replaceVariables ? context.replaceVariables(value, context.field?.state?.scopedVars) : value,
    shouldApply: () => true,
  } as unknown as FieldConfigPropertyItem;
}

/** A panel plugin whose custom field options are the given paths, passed through as set. */
function standInPanel(id: string, component: React.ComponentType<PanelProps>, custom: string[]): PanelPlugin {
  const plugin = new PanelPlugin(component).useFieldConfig({
    useCustomConfig: (builder) => {
      for (const path of custom) {
        builder.addCustomEditor({ ...passThrough(path, false), id: path, path, name: path, editor: () => null } as never);
      }
    },
  });
  plugin.meta = { id, name: `${id} (stand-in)`, type: PluginType.panel, module: '', baseUrl: '', info: { version: '12.4.0' } } as never;
  return plugin;
}

/** A risk course as a small SVG line (the table's sparkline cells). */
function Sparkline({ frame }: { frame: DataFrame }) {
  const values = (frame.fields.find((f) => f.type === FieldType.number)?.values ?? []) as Array<number | null>;
  const points = values.map((v, i) => `${(i / Math.max(1, values.length - 1)) * 120},${24 - (typeof v === 'number' ? v : 0) * 24}`).join(' ');
  return (
    <svg width={120} height={24}>
      <polyline points={points} fill="none" stroke="#73bf69" strokeWidth={1} />
    </svg>
  );
}

/**
 * table: the first frame as an HTML table, in the frame's row order, values formatted by their
 * field config (unit, decimals, threshold colour), data links as anchors, frame-typed cells as
 * sparklines. @grafana/ui's Table fails to render in this host (React error #130 from inside the
 * component, bundled by esbuild), so this is a plain stand-in. Not done: sorting, filtering,
 * column widths, cell types other than text, colour-text and sparkline.
 */
function TablePanel({ data, width, height }: PanelProps) {
  const frame = data.series[0];
  if (!frame) {
    return <div>No data</div>;
  }
  return (
    <div style={{ width, height, overflow: 'auto' }}>
      <table data-testid="data-testid grafanalite-table" style={{ width: '100%', borderCollapse: 'collapse' }}>
        <thead>
          <tr>
            {frame.fields.map((f) => (
              <th key={f.name} style={{ textAlign: 'left', padding: 4 }}>
                {f.state?.displayName ?? f.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {Array.from({ length: frame.length }, (_, row) => (
            <tr key={row} data-row={row}>
              {frame.fields.map((f) => {
                const value = f.values[row];
                if (f.type === FieldType.frame) {
                  return <td key={f.name}>{value ? <Sparkline frame={value as DataFrame} /> : null}</td>;
                }
                const display = (f.display ?? getDisplayProcessor({ field: f, theme: runtime.config.theme2 }))(value);
                const text = `${display.prefix ?? ''}${display.text}${display.suffix ?? ''}`;
                const link = f.getLinks?.({ valueRowIndex: row })[0];
                return (
                  <td key={f.name} data-field={f.name} data-value={String(value)} style={{ padding: 4, color: f.type === FieldType.number ? display.color : undefined }}>
                    {link ? <a href={link.href}>{text}</a> : text}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** timeseries: @grafana/ui's TimeSeries over all frames, legend as a list. */
function TimeSeriesPanel({ data, width, height, timeRange, timeZone }: PanelProps) {
  const frames = data.series.filter((f) => f.fields.some((x) => x.type === FieldType.time));
  if (frames.length === 0) {
    return <div>No data</div>;
  }
  return (
    <TimeSeries frames={frames} width={width} height={height} timeRange={timeRange} timeZone={timeZone} legend={{ showLegend: true, displayMode: 'list' as never, placement: 'bottom', calcs: [] }} />
  );
}

/** stat: each number field's last value, formatted by its field config, with its name. */
function StatPanel({ data }: PanelProps) {
  const fields = data.series.flatMap((f: DataFrame) => f.fields.filter((x) => x.type === FieldType.number));
  return (
    <div style={{ display: 'flex', gap: 24, padding: 8 }}>
      {fields.map((f, i) => {
        const display = (f.display ?? getDisplayProcessor({ field: f, theme: runtime.config.theme2 }))(f.values[f.values.length - 1]);
        return (
          <div key={i} data-stat-name={f.name}>
            <div style={{ fontSize: 32, color: display.color }}>{`${display.prefix ?? ''}${display.text}${display.suffix ?? ''}`}</div>
            <div>{f.name}</div>
          </div>
        );
      })}
    </div>
  );
}

/**
 * Grafana's core visualisations are not packages; these stand-ins render the pages' frames with
 * @grafana/ui's own components. Not done: panel options (legend calcs and table placement,
 * tooltips, stat text/color modes, sparkline graph mode), the panel editor.
 */
export const standInPanels: Record<string, PanelPlugin> = {
  table: standInPanel('table', TablePanel, ['hideValue', 'align', 'width', 'inspect']),
  timeseries: standInPanel('timeseries', TimeSeriesPanel, ['lineWidth', 'lineStyle', 'thresholdsStyle', 'fillOpacity', 'drawStyle', 'axisPlacement']),
  stat: standInPanel('stat', StatPanel, []),
};

/**
 * Grafana intercepts clicks on same-origin links (data links, breadcrumbs) and pushes them to
 * locationService instead of reloading the page; so does the host.
 */
export function interceptLinkClicks() {
  document.addEventListener('click', (event) => {
    const anchor = (event.target as HTMLElement | null)?.closest?.('a');
    const href = anchor?.getAttribute('href');
    if (!anchor || !href || anchor.target === '_blank' || event.defaultPrevented || event.metaKey || event.ctrlKey) {
      return;
    }
    const url = new URL(href, window.location.href);
    if (url.origin === window.location.origin) {
      event.preventDefault();
      runtime.locationService.push(url.pathname + url.search + url.hash);
    }
  });
}

/** Grafana's GET /api/plugins/<id>/settings answer, as AppRootPage passes it on (meta). */
async function appMeta() {
  const settings = (await runtime.getBackendSrv().get(`/api/plugins/${APP_ID}/settings`)) as { enabled: boolean; pinned: boolean; jsonData: Record<string, unknown> };
  return {
    id: APP_ID,
    name: 'Anomaly Sentinel',
    type: PluginType.app,
    module: `/public/plugins/${APP_ID}/module.js`,
    baseUrl: `/public/plugins/${APP_ID}`,
    info: { version: '0.1.0' },
    enabled: settings.enabled,
    pinned: settings.pinned,
    jsonData: settings.jsonData,
  };
}

/** react-router v6 over locationService's history, as Grafana's own router is. */
function GrafanaRouter({ children }: { children: React.ReactNode }) {
  const history = runtime.locationService.getHistory();
  const [location, setLocation] = React.useState(history.location);
  React.useEffect(() => history.listen((l: typeof history.location) => setLocation(l)), [history]);
  return (
    <runtime.LocationServiceProvider service={runtime.locationService}>
      <Router navigator={history as never} location={location}>
        {children}
      </Router>
    </runtime.LocationServiceProvider>
  );
}

/** What AppRootPage gives the app's root component: meta, basename, path, query, onNavChanged. */
function AppRoot({ plugin, meta }: { plugin: AppPlugin; meta: Awaited<ReturnType<typeof appMeta>> }) {
  const location = runtime.locationService.getLocation();
  const Root = plugin.root!;
  return (
    <Root
      meta={meta as never}
      basename={APP_BASE}
      path={location.pathname}
      query={urlUtil.getUrlSearchParams() as never}
      onNavChanged={() => undefined}
    />
  );
}

let appRoot: ReactDOMClient.Root | undefined;

/** Renders the built app (plugin.root) at `path` (e.g. /a/<id>/fleet?from=…&to=…) into #app. */
export async function renderApp(path: string): Promise<void> {
  const [module, meta] = await Promise.all([system().import(`/public/plugins/${APP_ID}/module.js`), appMeta()]);
  const plugin = module.plugin as AppPlugin;
  plugin.meta = meta as never;
  runtime.locationService.push(path);
  let container = document.getElementById('app');
  if (!container) {
    container = document.createElement('div');
    container.id = 'app';
    document.body.appendChild(container);
  }
  appRoot ??= ReactDOMClient.createRoot(container);
  appRoot.render(
    <GrafanaRouter>
      <Routes>
        <Route path={`${APP_BASE}/*`} element={<AppRoot plugin={plugin} meta={meta} />} />
      </Routes>
    </GrafanaRouter>
  );
}

export const appEvents = new EventBusSrv();
