import '../testUtils/sceneTestEnv';
import {
  CustomVariable,
  EmbeddedScene,
  SceneFlexLayout,
  SceneQueryRunner,
  SceneTimeRange,
  SceneVariableSet,
  TextBoxVariable,
} from '@grafana/scenes';
import { bindingOf, riskQueryRunner } from './RiskQueryBinding';

function sceneWith(runner: SceneQueryRunner, timeRange = new SceneTimeRange({ from: 'now-1h', to: 'now' })) {
  const scene = new EmbeddedScene({
    $timeRange: timeRange,
    $variables: new SceneVariableSet({
      variables: [
        new CustomVariable({ name: 'job', query: 'node,api', value: 'node', text: 'node' }),
        new TextBoxVariable({ name: 'extra', value: '' }),
        new CustomVariable({ name: 'modelA', query: 'v1,v2', value: 'v2', text: 'v2' }),
      ],
    }),
    $data: runner,
    body: new SceneFlexLayout({ children: [] }),
  });
  return scene;
}

function setup() {
  const runner = riskQueryRunner({
    datasource: { uid: 'sentinel-risk' },
    matchers: ['job=~"${job:regex}"', '${extra}'],
    queries: [
      { refId: 'A', output: 'risk' },
      { refId: 'B', output: 'components', modelVersion: '${modelA}' },
    ],
  });
  const run = jest.spyOn(runner, 'runQueries').mockImplementation(() => {});
  const timeRange = new SceneTimeRange({ from: 'now-1h', to: 'now' });
  const scene = sceneWith(runner, timeRange);
  const deactivate = scene.activate();
  return { runner, run, scene, timeRange, deactivate };
}

describe('RiskQueryBinding', () => {
  test('puts interpolated risk queries on its runner and runs it when activated', () => {
    const { runner, run } = setup();
    expect(runner.state.queries).toEqual([
      { refId: 'A', queryType: 'risk', hostSelector: 'job=~"node"', modelVersion: '', output: 'risk' },
      { refId: 'B', queryType: 'risk', hostSelector: 'job=~"node"', modelVersion: 'v2', output: 'components' },
    ]);
    expect(runner.state.runQueriesMode).toBe('manual');
    expect(run).toHaveBeenCalledTimes(1);
  });

  test('re-runs with the new selector when a variable it names changes', () => {
    const { runner, run, scene } = setup();
    const extra = scene.state.$variables!.getByName('extra') as TextBoxVariable;
    extra.setValue('env="prod"');
    expect(runner.state.queries[0]).toMatchObject({ hostSelector: 'job=~"node",env="prod"' });
    expect(run).toHaveBeenCalledTimes(2);

    const job = scene.state.$variables!.getByName('job') as CustomVariable;
    job.changeValueTo('api');
    expect(bindingOf(runner).hostSelector()).toBe('job=~"api",env="prod"');
    expect(runner.state.queries[1]).toMatchObject({ hostSelector: 'job=~"api",env="prod"' });
    expect(run).toHaveBeenCalledTimes(3);
  });

  test('re-runs when the time range changes or is refreshed, and stops after deactivation', () => {
    const { run, timeRange, deactivate } = setup();
    timeRange.setState({ from: 'now-6h' });
    timeRange.onRefresh();
    expect(run).toHaveBeenCalledTimes(2);
    expect(timeRange.state.value.to.valueOf() - timeRange.state.value.from.valueOf()).toBeCloseTo(6 * 3600e3, -4);
    deactivate();
    timeRange.onRefresh();
    expect(run).toHaveBeenCalledTimes(2);
  });

  test('refuses to be used outside a query runner', () => {
    const runner = riskQueryRunner({ datasource: { uid: 'x' }, matchers: [], queries: [] });
    const binding = bindingOf(runner);
    runner.setState({ $behaviors: [] });
    binding.clearParent();
    expect(() => binding.activate()).toThrow(/SceneQueryRunner/);
  });
});
