import {
  SceneControlsSpacer,
  SceneObject,
  SceneRefreshPicker,
  SceneTimePicker,
  VariableValueSelectors,
} from '@grafana/scenes';

/** The controls every app page shows above its panels: variables, then time range and refresh. */
export function pageControls(): SceneObject[] {
  return [
    new VariableValueSelectors({}),
    new SceneControlsSpacer(),
    new SceneTimePicker({}),
    new SceneRefreshPicker({}),
  ];
}
