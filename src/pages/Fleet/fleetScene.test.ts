import '../testUtils/sceneTestEnv';
import { lastValueFrom, of } from 'rxjs';
import { DataFrame, FieldType, createDataFrame } from '@grafana/data';
import {
  AdHocFiltersVariable,
  CustomTransformOperator,
  CustomVariable,
  SceneDataTransformer,
  SceneQueryRunner,
  SceneVariableSet,
  VizPanel,
  sceneGraph,
} from '@grafana/scenes';
import { bindingOf } from '../shared/RiskQueryBinding';
import { constantVariable } from '../testUtils/inScene';
import { FILTERS_VAR, FLEET_MATCHERS, HOST_LINK_URL, JOB_VAR, fleetScene } from './fleetScene';
import { FLEET_COLUMNS } from './fleetTable';

function panels(scene: ReturnType<typeof fleetScene>): VizPanel[] {
  return sceneGraph.findAllObjects(scene, (o) => o instanceof VizPanel) as VizPanel[];
}

function riskFrame(instance: string, values: number[]): DataFrame {
  return createDataFrame({
    fields: [
      { name: 'time', type: FieldType.time, values: values.map((_, i) => i) },
      { name: 'risk', type: FieldType.number, values, labels: { instance } },
    ],
  });
}

test('the fleet scene has the datasource, job and label filter variables', () => {
  const scene = fleetScene({ threshold: 0.9, prometheusUid: 'prom-x' });
  const names = scene.state.$variables!.state.variables.map((v) => v.state.name);
  expect(names).toEqual(['sentinel', 'prometheus', JOB_VAR, FILTERS_VAR]);
  expect(scene.state.$variables!.getByName('prometheus')!.getValue()).toBe('prom-x');
  const filters = scene.state.$variables!.getByName(FILTERS_VAR) as AdHocFiltersVariable;
  expect(filters.state.applyMode).toBe('manual');
});

test('one risk query for the hosts the job and label filters select', () => {
  const scene = fleetScene({ threshold: 0.9 });
  // The real variables read Prometheus; stand-ins with fixed values exercise the interpolation.
  scene.setState({
    $variables: new SceneVariableSet({
      variables: [
        constantVariable('sentinel', 'sentinel-risk'),
        new CustomVariable({
          name: JOB_VAR,
          query: 'node,api',
          isMulti: true,
          value: ['node', 'api'],
          text: ['node', 'api'],
        }),
        new AdHocFiltersVariable({
          name: FILTERS_VAR,
          datasource: null,
          applyMode: 'manual',
          filters: [{ key: 'env', operator: '=', value: 'prod' }],
        }),
      ],
    }),
  });
  const runner = scene.state.$data as SceneQueryRunner;
  jest.spyOn(runner, 'runQueries').mockImplementation(() => {});
  scene.activate();
  expect(bindingOf(runner).state.matchers).toEqual(FLEET_MATCHERS);
  expect(runner.state.queries).toEqual([
    { refId: 'A', queryType: 'risk', hostSelector: 'job=~"(node|api)",env="prod"', modelVersion: '', output: 'risk' },
  ]);
  expect(runner.state.datasource).toEqual({ type: 'anomalysentinel-risk-datasource', uid: '${sentinel}' });
});

test('the ranked table links each host to its page, keeping time range and datasources', async () => {
  const scene = fleetScene({ threshold: 0.9 });
  const table = panels(scene).find((p) => p.state.pluginId === 'table')!;
  const host = table.state.fieldConfig.overrides.find((o) => o.matcher.options === FLEET_COLUMNS.host)!;
  expect(host.properties).toEqual([{ id: 'links', value: [{ title: 'Open host', url: HOST_LINK_URL }] }]);
  expect(HOST_LINK_URL).toBe(
    '/a/anomalysentinel-sentinel-app/fleet/host/${__value.raw:percentencode}?${__url_time_range}&${sentinel:queryparam}&${prometheus:queryparam}'
  );
  const trend = table.state.fieldConfig.overrides.find((o) => o.matcher.options === FLEET_COLUMNS.trend)!;
  expect(trend.properties[0]).toEqual({ id: 'custom.cellOptions', value: { type: 'sparkline', hideValue: true } });

  // The table's transformation ranks the hosts of the shared risk query.
  const transformer = table.state.$data as SceneDataTransformer;
  const operator = transformer.state.transformations[0] as CustomTransformOperator;
  const [ranked] = await lastValueFrom(
    operator({ interpolate: (v) => v })(of([riskFrame('a', [0.1]), riskFrame('b', [0.7])]))
  );
  expect(ranked.fields[0].values).toEqual(['b', 'a']);
});

test('threshold lines and colours follow the app setting', () => {
  const scene = fleetScene({ threshold: 0.9 });
  const series = panels(scene).find((p) => p.state.pluginId === 'timeseries')!;
  expect(series.state.fieldConfig.defaults.thresholds?.steps.map((s) => s.value)).toEqual([-Infinity, 0.72, 0.9]);
});

it('colours only the count of hosts at risk, not the count of hosts scored', () => {
  const stat = panels(fleetScene({ threshold: 0.9 })).find((p) => p.state.pluginId === 'stat')!;
  const override = stat.state.fieldConfig.overrides.find((o) => o.matcher.options === 'Hosts scored')!;
  expect(override.properties[0]).toMatchObject({ id: 'thresholds', value: { steps: [{ color: 'text' }] } });
  expect(stat.state.fieldConfig.defaults.thresholds?.steps.map((s) => s.color)).toEqual(['green', 'red']);
});
