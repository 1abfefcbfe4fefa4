import React from 'react';
import { dateTimeFormat, TimeRange } from '@grafana/data';
import { SceneComponentProps } from '@grafana/scenes';
import { Alert, LoadingPlaceholder } from '@grafana/ui';
import { testIds } from '../../components/testIds';
import { AsyncSceneObject, AsyncSceneState } from '../shared/AsyncSceneObject';
import { formatRisk, Section } from '../shared/Section';
import { Explanation, fetchExplanation } from '../shared/sentinelApi';

/** The instant explained: the end of the time range, never the future (the model has no data there). */
export function explainTimeMs(range: TimeRange, nowMs: number): number {
  return Math.min(range.to.valueOf(), nowMs);
}

interface HostExplanationState extends AsyncSceneState<Explanation> {
  instance: string;
}

/** Risk, its parts and the metrics that drive it, at the end of the time range (GET /explain). */
export class HostExplanation extends AsyncSceneObject<Explanation, HostExplanationState> {
  static Component = HostExplanationRenderer;
  protected readonly dependsOnTime = true;

  protected fetch(datasourceUid: string, range: TimeRange): Promise<Explanation> {
    return fetchExplanation(datasourceUid, this.state.instance, explainTimeMs(range, Date.now()));
  }
}

function HostExplanationRenderer({ model }: SceneComponentProps<HostExplanation>) {
  const { load, instance } = model.useState();
  return (
    <Section title="Why: top contributing metrics" testId={testIds.host.explanation}>
      {load.status === 'error' && (
        <Alert data-testid={testIds.host.explanationError} severity="error" title={`No explanation for ${instance}`}>
          {load.error}
        </Alert>
      )}
      {load.status === 'loading' && !load.value && <LoadingPlaceholder text="Scoring the host…" />}
      {load.status !== 'error' && load.value && <ExplanationView explanation={load.value} />}
    </Section>
  );
}

export function ExplanationView({ explanation }: { explanation: Explanation }) {
  const at = Date.parse(explanation.time);
  return (
    <div>
      <p data-testid={testIds.host.explanationRisk}>
        Risk <strong>{formatRisk(explanation.risk)}</strong>
        {Number.isFinite(at) ? ` at ${dateTimeFormat(at)}` : ''}
      </p>
      {explanation.contributions.length === 0 ? (
        <p>No metric pushes the risk up at this time.</p>
      ) : (
        <table style={{ width: '100%' }}>
          <thead>
            <tr>
              <th>Metric</th>
              <th>Share of the evidence</th>
            </tr>
          </thead>
          <tbody>
            {explanation.contributions.map((c) => (
              <tr key={c.feature} data-testid={testIds.host.contribution}>
                <td>{c.feature}</td>
                <td>
                  <meter min={0} max={1} value={c.share} style={{ width: '60%', marginRight: 8 }} />
                  {formatRisk(c.share)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p style={{ marginTop: 8 }}>
        Parts:{' '}
        {Object.entries(explanation.components)
          .map(
            ([name, value]) =>
              `${name} ${value.toFixed(3)}${
                !explanation.failureHead && explanation.weights?.[name] === 0
                  ? ' (weight 0: not used by this model)'
                  : ''
              }`
          )
          .join(' · ')}
      </p>
      {explanation.failureHead && (
        <p data-testid={testIds.host.explanationHead}>
          Risk comes from this model&apos;s failure head, which reads all four parts and each metric&apos;s recent
          slopes and range; the shares above spread the parts&apos; evidence over the metrics.
        </p>
      )}
    </div>
  );
}
