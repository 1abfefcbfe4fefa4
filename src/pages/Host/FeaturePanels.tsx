import React from 'react';
import { SceneComponentProps, SceneCSSGridLayout } from '@grafana/scenes';
import { Alert, LoadingPlaceholder } from '@grafana/ui';
import { testIds } from '../../components/testIds';
import { AsyncSceneObject, AsyncSceneState } from '../shared/AsyncSceneObject';
import { describeRequestError, fetchFeatureSpecs, fetchModels } from '../shared/sentinelApi';
import { featureGrid, FeatureSource, SHIPPED_FEATURES } from './featurePanels';

interface FeaturePanelsState extends AsyncSceneState<FeatureSource> {
  instance: string;
  grid?: SceneCSSGridLayout;
}

/**
 * The host's raw metrics: one panel per feature of the active model, with the PromQL from the
 * sentinel.json the backend runs, queried through the Prometheus datasource. When the model's
 * files cannot be read, the shipped model's features are shown and the page says why.
 */
export class FeaturePanels extends AsyncSceneObject<FeatureSource, FeaturePanelsState> {
  static Component = FeaturePanelsRenderer;
  protected readonly dependsOnTime = false;

  protected async fetch(datasourceUid: string): Promise<FeatureSource> {
    try {
      const { active } = await fetchModels(datasourceUid);
      return { version: active, specs: await fetchFeatureSpecs(datasourceUid, active) };
    } catch (err) {
      return {
        version: '',
        specs: SHIPPED_FEATURES,
        notice: `Showing the shipped model's features: the active model's feature list could not be read (${describeRequestError(err)}).`,
      };
    }
  }

  protected onLoaded(source: FeatureSource): void {
    this.setState({ grid: featureGrid(source, this.state.instance) });
  }
}

function FeaturePanelsRenderer({ model }: SceneComponentProps<FeaturePanels>) {
  const { load, grid } = model.useState();
  return <FeaturePanelsView load={load} grid={grid} />;
}

export function FeaturePanelsView({ load, grid }: Pick<FeaturePanelsState, 'load' | 'grid'>) {
  if (load.status === 'loading' && !grid) {
    return <LoadingPlaceholder text="Reading the model's features…" />;
  }
  return (
    <div>
      {load.status === 'ready' && load.value.notice && (
        <Alert data-testid={testIds.host.featuresNotice} severity="warning" title="Model features">
          {load.value.notice}
        </Alert>
      )}
      {grid && <grid.Component model={grid} />}
    </div>
  );
}
