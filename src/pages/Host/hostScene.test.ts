import '../testUtils/sceneTestEnv';
import { SceneQueryRunner, SceneVariableSet, VizPanel, sceneGraph } from '@grafana/scenes';
import { bindingOf } from '../shared/RiskQueryBinding';
import { constantVariable } from '../testUtils/inScene';
import { AlertHistoryList } from './AlertHistoryList';
import { FeaturePanels } from './FeaturePanels';
import { HostExplanation } from './HostExplanation';
import { hostPage } from './hostPage';
import { hostScene } from './hostScene';

test("the host scene asks for the host's risk with its parts, and its top contributions", () => {
  const scene = hostScene('web-1:9100', { threshold: 0.8 });
  const runners = sceneGraph.findAllObjects(scene, (o) => o instanceof SceneQueryRunner) as SceneQueryRunner[];
  expect(runners.map((r) => bindingOf(r).state)).toEqual([
    expect.objectContaining({ matchers: ['instance="web-1:9100"'], queries: [{ refId: 'A', output: 'components' }] }),
    expect.objectContaining({
      matchers: ['instance="web-1:9100"'],
      queries: [{ refId: 'C', output: 'contributions', top: 3 }],
    }),
  ]);
});

test('interpolated, the risk query selects exactly that host', () => {
  const scene = hostScene('odd"host', { threshold: 0.8 });
  scene.setState({ $variables: new SceneVariableSet({ variables: [constantVariable('sentinel', 'sentinel-risk')] }) });
  const runner = scene.state.$data as SceneQueryRunner;
  jest.spyOn(runner, 'runQueries').mockImplementation(() => {});
  scene.activate();
  expect(runner.state.queries[0]).toMatchObject({ hostSelector: 'instance="odd\\"host"', output: 'components' });
});

test('the host scene holds the explanation, alert history and feature panels of that host', () => {
  const scene = hostScene('db-1', { threshold: 0.8 });
  for (const type of [HostExplanation, AlertHistoryList, FeaturePanels]) {
    const [obj] = sceneGraph.findAllObjects(scene, (o) => o instanceof type);
    expect(obj?.state).toMatchObject({ instance: 'db-1' });
  }
  const titles = (sceneGraph.findAllObjects(scene, (o) => o instanceof VizPanel) as VizPanel[]).map(
    (p) => p.state.title
  );
  expect(titles).toEqual(['Risk and its parts', 'What drives the risk']);
});

test('the host page sits below the fleet page and carries the encoded instance in its URL', () => {
  const parent = { state: { title: 'Fleet risk' } } as never;
  const page = hostPage('web-1:9100', parent, { threshold: 0.8 });
  expect(page.state.url).toBe('/a/anomalysentinel-sentinel-app/fleet/host/web-1%3A9100');
  expect(page.state.title).toBe('web-1:9100');
  expect(page.state.getParentPage!()).toBe(parent);
});
