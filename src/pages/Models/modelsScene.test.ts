import '../testUtils/sceneTestEnv';
import { CustomVariable, SceneQueryRunner, SceneVariableSet, TextBoxVariable } from '@grafana/scenes';
import { constantVariable } from '../testUtils/inScene';
import { COMPARE_SELECTOR_VAR, modelsScene } from './modelsScene';

test('the comparison runs one risk query per chosen version on the same hosts and range', () => {
  const scene = modelsScene({ threshold: 0.8 });
  scene.setState({
    $variables: new SceneVariableSet({
      variables: [
        constantVariable('sentinel', 'sentinel-risk'),
        new CustomVariable({ name: 'modelA', query: 'v1,v2', value: 'v2', text: 'v2' }),
        new CustomVariable({ name: 'modelB', query: 'v1,v2', value: 'v1', text: 'v1' }),
        new TextBoxVariable({ name: COMPARE_SELECTOR_VAR, value: 'job="node"' }),
      ],
    }),
  });
  const runner = scene.state.$data as SceneQueryRunner;
  const run = jest.spyOn(runner, 'runQueries').mockImplementation(() => {});
  scene.activate();
  expect(runner.state.queries).toEqual([
    { refId: 'A', queryType: 'risk', hostSelector: 'job="node"', modelVersion: 'v2', output: 'risk' },
    { refId: 'B', queryType: 'risk', hostSelector: 'job="node"', modelVersion: 'v1', output: 'risk' },
  ]);
  (scene.state.$variables!.getByName('modelB') as CustomVariable).changeValueTo('v2');
  expect(runner.state.queries[1]).toMatchObject({ modelVersion: 'v2' });
  expect(run).toHaveBeenCalledTimes(2);
});

test('the models scene offers version pickers that the model list fills', () => {
  const scene = modelsScene({ threshold: 0.8 });
  const names = scene.state.$variables!.state.variables.map((v) => v.state.name);
  expect(names).toEqual(['sentinel', 'modelA', 'modelB', COMPARE_SELECTOR_VAR]);
});
