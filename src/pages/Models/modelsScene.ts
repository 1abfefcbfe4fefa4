import {
  CustomVariable,
  EmbeddedScene,
  PanelBuilders,
  SceneFlexItem,
  SceneFlexLayout,
  SceneTimeRange,
  SceneVariableSet,
  TextBoxVariable,
  VizPanel,
} from '@grafana/scenes';
import { pageControls } from '../shared/pageControls';
import { PageSettings, riskThresholds } from '../shared/pageSettings';
import { riskQueryRunner } from '../shared/RiskQueryBinding';
import { SENTINEL_VAR, sentinelDatasourceVariable, sentinelRef } from '../shared/variables';
import { COMPARE_VARS, ModelsList } from './ModelsList';

export const COMPARE_SELECTOR_VAR = 'compareSelector';
const [A, B] = COMPARE_VARS;

function compareVersionVariable(name: string, label: string): CustomVariable {
  // Options arrive when ModelsList has read GET /models.
  return new CustomVariable({ name, label, query: '', value: '', text: '' });
}

function comparisonPanel(settings: PageSettings): VizPanel {
  return PanelBuilders.timeseries()
    .setTitle('Compare two versions on the same range')
    .setDescription('Risk of the same hosts and range from two model versions: solid = first, dashed = second.')
    .setUnit('percentunit')
    .setMin(0)
    .setMax(1)
    .setThresholds(riskThresholds(settings.threshold))
    .setCustomFieldConfig('thresholdsStyle', { mode: 'line' as never })
    .setOverrides((b) =>
      b
        .matchFieldsByQuery('A')
        .overrideDisplayName(`\${__field.labels.instance} · \${${A}}`)
        .matchFieldsByQuery('B')
        .overrideDisplayName(`\${__field.labels.instance} · \${${B}}`)
        .overrideCustomFieldConfig('lineStyle', { fill: 'dash', dash: [10, 10] })
    )
    .build();
}

export function modelsScene(settings: PageSettings): EmbeddedScene {
  return new EmbeddedScene({
    $timeRange: new SceneTimeRange({ from: 'now-6h', to: 'now' }),
    $variables: new SceneVariableSet({
      variables: [
        sentinelDatasourceVariable(),
        compareVersionVariable(A, 'First version'),
        compareVersionVariable(B, 'Second version'),
        new TextBoxVariable({ name: COMPARE_SELECTOR_VAR, label: 'Hosts', value: 'job="node"' }),
      ],
    }),
    $data: riskQueryRunner(
      {
        datasource: sentinelRef,
        matchers: [`\${${COMPARE_SELECTOR_VAR}}`],
        queries: [
          { refId: 'A', output: 'risk', modelVersion: `\${${A}}` },
          { refId: 'B', output: 'risk', modelVersion: `\${${B}}` },
        ],
      },
      'models-compare'
    ),
    controls: pageControls(),
    body: new SceneFlexLayout({
      direction: 'column',
      children: [
        new SceneFlexItem({
          body: new ModelsList({ datasourceUid: `\${${SENTINEL_VAR}}`, load: { status: 'loading' } }),
        }),
        new SceneFlexItem({ minHeight: 360, body: comparisonPanel(settings) }),
      ],
    }),
  });
}
