import './sceneTestEnv';
import {
  CustomVariable,
  EmbeddedScene,
  SceneFlexItem,
  SceneFlexLayout,
  SceneObject,
  SceneTimeRange,
  SceneVariable,
  SceneVariableSet,
} from '@grafana/scenes';

/** 2026-01-01T00:00Z to 06:00Z: a fixed past range, so "the end of the range" is known. */
export const RANGE_FROM_MS = Date.UTC(2026, 0, 1, 0, 0, 0);
export const RANGE_TO_MS = Date.UTC(2026, 0, 1, 6, 0, 0);

export function constantVariable(name: string, value: string): CustomVariable {
  return new CustomVariable({ name, query: value, value, text: value });
}

/** Puts `body` in an active scene with a fixed time range and `${sentinel}` = sentinel-risk. */
export function inScene(body: SceneObject, variables: SceneVariable[] = []): EmbeddedScene {
  const scene = new EmbeddedScene({
    $timeRange: new SceneTimeRange({
      from: new Date(RANGE_FROM_MS).toISOString(),
      to: new Date(RANGE_TO_MS).toISOString(),
    }),
    $variables: new SceneVariableSet({ variables: [constantVariable('sentinel', 'sentinel-risk'), ...variables] }),
    body: new SceneFlexLayout({ children: [new SceneFlexItem({ body })] }),
  });
  scene.activate();
  return scene;
}
