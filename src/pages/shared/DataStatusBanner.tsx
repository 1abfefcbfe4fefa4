import React from 'react';
import { LoadingState, PanelData } from '@grafana/data';
import { SceneComponentProps, SceneObjectBase, SceneObjectState, sceneGraph } from '@grafana/scenes';
import { Alert } from '@grafana/ui';
import { testIds } from '../../components/testIds';

export type DataStatus =
  { kind: 'loading' } | { kind: 'ok' } | { kind: 'empty'; message: string } | { kind: 'error'; message: string };

/** What a page should say about its query: the backend's error, nothing matched, or nothing at all. */
export function dataStatus(data: PanelData | undefined, emptyMessage: string): DataStatus {
  if (!data || data.state === LoadingState.NotStarted || data.state === LoadingState.Loading) {
    return { kind: 'loading' };
  }
  const errors = data.errors ?? [];
  if (data.state === LoadingState.Error || errors.length > 0) {
    const message = errors
      .map((e) => e.message ?? e.data?.message ?? 'query failed')
      .filter((m, i, all) => all.indexOf(m) === i)
      .join('; ');
    return { kind: 'error', message: message || 'the query failed without a message' };
  }
  return data.series.length === 0 ? { kind: 'empty', message: emptyMessage } : { kind: 'ok' };
}

interface DataStatusBannerState extends SceneObjectState {
  /** Shown when the query succeeded but returned no series; may name variables. */
  emptyMessage: string;
}

/** An alert above a page's panels when its shared query failed or matched nothing; invisible otherwise. */
export class DataStatusBanner extends SceneObjectBase<DataStatusBannerState> {
  static Component = DataStatusBannerRenderer;
}

function DataStatusBannerRenderer({ model }: SceneComponentProps<DataStatusBanner>) {
  const { emptyMessage } = model.useState();
  const { data } = sceneGraph.getData(model).useState();
  const status = dataStatus(data, sceneGraph.interpolate(model, emptyMessage));
  if (status.kind === 'error') {
    return (
      <Alert data-testid={testIds.dataStatus.error} severity="error" title="The Sentinel datasource refused the query">
        {status.message}
      </Alert>
    );
  }
  if (status.kind === 'empty') {
    return (
      <Alert data-testid={testIds.dataStatus.empty} severity="info" title="No hosts">
        {status.message}
      </Alert>
    );
  }
  return null;
}
