import {
  EmbeddedScene,
  PanelBuilders,
  SceneFlexItem,
  SceneFlexLayout,
  SceneTimeRange,
  SceneVariableSet,
  VizPanel,
} from '@grafana/scenes';
import { pageControls } from '../shared/pageControls';
import { DataStatusBanner } from '../shared/DataStatusBanner';
import { PageSettings, riskThresholds } from '../shared/pageSettings';
import { riskQueryRunner } from '../shared/RiskQueryBinding';
import { labelMatcher } from '../shared/riskQueries';
import {
  SENTINEL_VAR,
  prometheusDatasourceVariable,
  sentinelDatasourceVariable,
  sentinelRef,
} from '../shared/variables';
import { AlertHistoryList } from './AlertHistoryList';
import { FeaturePanels } from './FeaturePanels';
import { HostExplanation } from './HostExplanation';

const SENTINEL_UID = `\${${SENTINEL_VAR}}`;

function riskTimeline(settings: PageSettings): VizPanel {
  return PanelBuilders.timeseries()
    .setTitle('Risk and its parts')
    .setDescription(
      'Failure risk within the horizon (bold) and the four parts the calibration combines: failure (forecast against failure limits), residual (forecast error), isolation (Isolation Forest) and baseline (distance from the robust median). A part the calibration weighs 0 is drawn but does not move the risk; the explanation below names such parts.'
    )
    .setUnit('percentunit')
    .setMin(0)
    .setMax(1)
    .setThresholds(riskThresholds(settings.threshold))
    .setCustomFieldConfig('thresholdsStyle', { mode: 'line' as never })
    .setOverrides((b) =>
      b
        .matchFieldsWithName('risk')
        .overrideCustomFieldConfig('lineWidth', 3)
        .overrideColor({ mode: 'fixed' as never, fixedColor: 'red' })
    )
    .build();
}

function contributionsOverTime(instance: string): VizPanel {
  return PanelBuilders.timeseries()
    .setTitle('What drives the risk')
    .setDescription(
      "The three metrics that drove the host's risk most in this range (their shares weighted by risk, so an incident that has cleared is still explained), each as its share of the evidence over time."
    )
    .setUnit('percentunit')
    .setMin(0)
    .setMax(1)
    .setDisplayName('${__field.labels.feature}')
    .setData(
      riskQueryRunner({
        datasource: sentinelRef,
        matchers: [labelMatcher('instance', instance)],
        queries: [{ refId: 'C', output: 'contributions', top: 3 }],
      })
    )
    .build();
}

export function hostScene(instance: string, settings: PageSettings): EmbeddedScene {
  return new EmbeddedScene({
    $timeRange: new SceneTimeRange({ from: 'now-6h', to: 'now' }),
    $variables: new SceneVariableSet({
      variables: [sentinelDatasourceVariable(), prometheusDatasourceVariable(settings.prometheusUid)],
    }),
    $data: riskQueryRunner(
      {
        datasource: sentinelRef,
        matchers: [labelMatcher('instance', instance)],
        queries: [{ refId: 'A', output: 'components' }],
      },
      'host-risk'
    ),
    controls: pageControls(),
    body: new SceneFlexLayout({
      direction: 'column',
      children: [
        new SceneFlexItem({
          body: new DataStatusBanner({
            emptyMessage: `The Sentinel datasource has no metrics for instance "${instance}" in this time range.`,
          }),
        }),
        new SceneFlexItem({
          height: 360,
          body: new SceneFlexLayout({
            direction: 'row',
            children: [
              new SceneFlexItem({ body: riskTimeline(settings) }),
              new SceneFlexItem({
                width: '35%',
                body: new HostExplanation({ instance, datasourceUid: SENTINEL_UID, load: { status: 'loading' } }),
              }),
            ],
          }),
        }),
        new SceneFlexItem({ height: 260, body: contributionsOverTime(instance) }),
        new SceneFlexItem({
          minHeight: 160,
          body: new AlertHistoryList({ instance, datasourceUid: '', load: { status: 'loading' } }),
        }),
        new SceneFlexItem({
          body: new FeaturePanels({ instance, datasourceUid: SENTINEL_UID, load: { status: 'loading' } }),
        }),
      ],
    }),
  });
}
