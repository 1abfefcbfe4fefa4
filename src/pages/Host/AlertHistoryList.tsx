import React from 'react';
import { dateTimeFormat, TimeRange } from '@grafana/data';
import { SceneComponentProps } from '@grafana/scenes';
import { Alert, LoadingPlaceholder } from '@grafana/ui';
import { testIds } from '../../components/testIds';
import { AsyncSceneObject, AsyncSceneState } from '../shared/AsyncSceneObject';
import { Section } from '../shared/Section';
import { fetchAlertAnnotations } from '../shared/sentinelApi';
import { AlertTransition, hostAlertTransitions } from './alertHistory';

interface AlertHistoryState extends AsyncSceneState<AlertTransition[]> {
  instance: string;
}

/** Grafana's alert state transitions for this host in the time range (annotations of type alert). */
export class AlertHistoryList extends AsyncSceneObject<AlertTransition[], AlertHistoryState> {
  static Component = AlertHistoryRenderer;
  protected readonly dependsOnTime = true;

  protected async fetch(_uid: string, range: TimeRange): Promise<AlertTransition[]> {
    const annotations = await fetchAlertAnnotations(range.from.valueOf(), range.to.valueOf());
    return hostAlertTransitions(annotations, this.state.instance);
  }
}

function AlertHistoryRenderer({ model }: SceneComponentProps<AlertHistoryList>) {
  const { load, instance } = model.useState();
  return (
    <Section title="Alert history" testId={testIds.host.alertHistory}>
      {load.status === 'error' && (
        <Alert
          data-testid={testIds.host.alertHistoryError}
          severity="error"
          title="Could not read Grafana's alert history"
        >
          {load.error}
        </Alert>
      )}
      {load.status === 'loading' && !load.value && <LoadingPlaceholder text="Reading alert history…" />}
      {load.status !== 'error' && load.value && load.value.length === 0 && (
        <p data-testid={testIds.host.alertHistoryEmpty}>No alert changed state for {instance} in this time range.</p>
      )}
      {load.status !== 'error' && load.value && load.value.length > 0 && (
        <table style={{ width: '100%' }}>
          <thead>
            <tr>
              <th>Time</th>
              <th>Rule</th>
              <th>State</th>
              <th>Values</th>
            </tr>
          </thead>
          <tbody>
            {load.value.map((t) => (
              <tr key={t.id} data-testid={testIds.host.alertRow}>
                <td>{dateTimeFormat(t.timeMs)}</td>
                <td>{t.rule}</td>
                <td>{t.from ? `${t.from} → ${t.to}` : t.to}</td>
                <td>{t.values}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}
