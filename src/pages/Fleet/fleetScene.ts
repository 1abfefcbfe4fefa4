import { map } from 'rxjs';
import {
  AdHocFiltersVariable,
  EmbeddedScene,
  PanelBuilders,
  QueryVariable,
  SceneDataTransformer,
  SceneFlexItem,
  SceneFlexLayout,
  SceneTimeRange,
  SceneVariableSet,
  VizPanel,
  VizPanelBuilder,
} from '@grafana/scenes';
import { pageControls } from '../shared/pageControls';
import {
  BigValueColorMode,
  BigValueTextMode,
  TableCellDisplayMode,
  TableFieldOptions as TableFieldConfig,
} from '@grafana/schema';
import type { Options as TableOptions } from '@grafana/schema/dist/esm/raw/composable/table/panelcfg/x/TablePanelCfg_types.gen';
import { PLUGIN_BASE_URL, ROUTES } from '../../constants';
import { DataStatusBanner } from '../shared/DataStatusBanner';
import { PageSettings, riskThresholds } from '../shared/pageSettings';
import { riskQueryRunner } from '../shared/RiskQueryBinding';
import {
  PROMETHEUS_VAR,
  SENTINEL_VAR,
  prometheusDatasourceVariable,
  prometheusRef,
  sentinelDatasourceVariable,
  sentinelRef,
} from '../shared/variables';
import { FLEET_COLUMNS, fleetSummaryFrames, fleetTableFrames } from './fleetTable';

export const JOB_VAR = 'job';
export const FILTERS_VAR = 'filters';

/** Hosts are chosen by `job` (node_exporter jobs from Prometheus) and any further label filters. */
export const FLEET_MATCHERS = [`job=~"\${${JOB_VAR}:regex}"`, `\${${FILTERS_VAR}}`];

/**
 * The host page of a table row, keeping the time range and the chosen datasources. `__value.raw`
 * is the row's instance; percent-encoding keeps `host:9100` one path segment.
 */
export const HOST_LINK_URL =
  `${PLUGIN_BASE_URL}/${ROUTES.Fleet}/${ROUTES.Host}/\${__value.raw:percentencode}` +
  `?\${__url_time_range}&\${${SENTINEL_VAR}:queryparam}&\${${PROMETHEUS_VAR}:queryparam}`;

function fleetVariables(settings: PageSettings): SceneVariableSet {
  return new SceneVariableSet({
    variables: [
      sentinelDatasourceVariable(),
      prometheusDatasourceVariable(settings.prometheusUid),
      new QueryVariable({
        name: JOB_VAR,
        label: 'Job',
        datasource: prometheusRef,
        // node_uname_info exists once per node_exporter target: the jobs that have hosts.
        query: { refId: 'PrometheusVariableQueryEditor-VariableQuery', query: 'label_values(node_uname_info, job)' },
        isMulti: true,
        includeAll: true,
        allValue: '.+',
        value: ['node'],
        text: ['node'],
      }),
      new AdHocFiltersVariable({
        name: FILTERS_VAR,
        label: 'Labels',
        datasource: prometheusRef,
        // Manual: the filters become label matchers of the risk query, not of every Prometheus query.
        applyMode: 'manual',
        filters: [],
      }),
    ],
  });
}

function rankedTable(settings: PageSettings): VizPanel {
  // PanelBuilders.table() reads default options that @grafana/schema 12.4 no longer exports
  // (undefined at runtime); a plain builder leaves the table's defaults to Grafana's own plugin.
  return new VizPanelBuilder<TableOptions, TableFieldConfig>('table', '12.4.0', () => ({}) as TableOptions)
    .setTitle('Hosts ranked by risk')
    .setDescription(
      'Failure risk within the horizon, per host: the latest value, the highest in the time range and its course. Open a host for its metrics, risk parts, contributions and alerts.'
    )
    .setData(new SceneDataTransformer({ transformations: [() => map(fleetTableFrames)] }))
    .setUnit('percentunit')
    .setMin(0)
    .setMax(1)
    .setDecimals(1)
    .setThresholds(riskThresholds(settings.threshold))
    .setOverrides((b) =>
      b
        .matchFieldsWithName(FLEET_COLUMNS.host)
        .overrideLinks([{ title: 'Open host', url: HOST_LINK_URL }])
        .matchFieldsWithName(FLEET_COLUMNS.current)
        .overrideCustomFieldConfig('cellOptions', { type: TableCellDisplayMode.ColorText })
        .matchFieldsWithName(FLEET_COLUMNS.peak)
        .overrideCustomFieldConfig('cellOptions', { type: TableCellDisplayMode.ColorText })
        .matchFieldsWithName(FLEET_COLUMNS.trend)
        .overrideCustomFieldConfig('cellOptions', { type: TableCellDisplayMode.Sparkline, hideValue: true })
    )
    .build();
}

/** Hosts at or above the threshold (red from one), and the hosts scored (plain information). */
function summaryStat(settings: PageSettings): VizPanel {
  return PanelBuilders.stat()
    .setTitle('At or above the alert threshold')
    .setDescription(`Hosts whose latest risk is at least ${settings.threshold} (the app's alert threshold).`)
    .setData(
      new SceneDataTransformer({ transformations: [() => map((f) => fleetSummaryFrames(f, settings.threshold))] })
    )
    .setOption('textMode', BigValueTextMode.ValueAndName)
    .setOption('colorMode', BigValueColorMode.Value)
    .setThresholds({
      mode: riskThresholds(settings.threshold).mode,
      steps: [
        { value: -Infinity, color: 'green' },
        { value: 1, color: 'red' },
      ],
    })
    .setOverrides((b) =>
      b.matchFieldsWithName('Hosts scored').overrideThresholds({
        mode: riskThresholds(settings.threshold).mode,
        steps: [{ value: -Infinity, color: 'text' }],
      })
    )
    .build();
}

function riskOverTime(settings: PageSettings): VizPanel {
  return PanelBuilders.timeseries()
    .setTitle('Risk over time')
    .setUnit('percentunit')
    .setMin(0)
    .setMax(1)
    .setDisplayName('${__field.labels.instance}')
    .setThresholds(riskThresholds(settings.threshold))
    .setCustomFieldConfig('thresholdsStyle', { mode: 'line' as never })
    .setOption('legend', {
      displayMode: 'table' as never,
      placement: 'right',
      calcs: ['lastNotNull', 'max'],
      showLegend: true,
    })
    .build();
}

export function fleetScene(settings: PageSettings): EmbeddedScene {
  return new EmbeddedScene({
    $timeRange: new SceneTimeRange({ from: 'now-6h', to: 'now' }),
    $variables: fleetVariables(settings),
    $data: riskQueryRunner(
      { datasource: sentinelRef, matchers: FLEET_MATCHERS, queries: [{ refId: 'A', output: 'risk' }] },
      'fleet-risk'
    ),
    controls: pageControls(),
    body: new SceneFlexLayout({
      direction: 'column',
      children: [
        new SceneFlexItem({
          body: new DataStatusBanner({
            emptyMessage: `No host matched job=~"\${${JOB_VAR}:regex}" and the label filters in this time range, or none of them has node_exporter metrics in the Sentinel datasource's Prometheus.`,
          }),
        }),
        new SceneFlexItem({
          height: 400,
          body: new SceneFlexLayout({
            direction: 'row',
            children: [
              new SceneFlexItem({ body: rankedTable(settings) }),
              new SceneFlexItem({ width: 260, body: summaryStat(settings) }),
            ],
          }),
        }),
        new SceneFlexItem({ minHeight: 320, body: riskOverTime(settings) }),
      ],
    }),
  });
}
