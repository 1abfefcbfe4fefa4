import React, { ChangeEvent, useEffect, useState } from 'react';
import { InlineField, InlineFieldRow, Input, RadioButtonGroup, Text } from '@grafana/ui';
import { testIds } from '../testIds';
import { fetchModelVersions, ModelVersions } from '../modelsApi';
import { DEFAULT_TOP, RiskOutput, SentinelQuery, SentinelRiskQuery } from '../types';

interface Props {
  query: SentinelRiskQuery;
  onChange: (query: SentinelQuery) => void;
  onRunQuery: () => void;
  datasourceUid: string;
}

const OUTPUT_OPTIONS: Array<{ label: string; value: RiskOutput; description: string }> = [
  {
    label: 'Risk',
    value: 'risk',
    description: 'One series per host, labelled by instance: the shape alert rules need',
  },
  { label: 'Risk + parts', value: 'components', description: 'Risk and its four smoothed parts per host' },
  {
    label: 'Contributions',
    value: 'contributions',
    description: 'The features that drove the risk most in the range, each as its share of the evidence over time',
  },
  {
    label: 'Top features',
    value: 'topFeatures',
    description: 'Risk with a top_features label naming the top metrics, for alert rule annotations',
  },
  { label: 'Failure events', value: 'events', description: 'Predicted-failure episodes as a table, for annotations' },
];

/** Outputs that name the top N features; the backend refuses a top above the model's feature count for any output. */
const OUTPUTS_WITH_TOP: RiskOutput[] = ['contributions', 'topFeatures'];

/** 0 means "the model's threshold" to the backend; anything else must be a probability strictly inside (0, 1). */
function thresholdProblem(threshold: number | undefined): string | undefined {
  if (threshold === undefined || threshold === 0 || (threshold > 0 && threshold < 1)) {
    return undefined;
  }
  return "Threshold must be a probability between 0 and 1, e.g. 0.9; leave it empty for the model's threshold.";
}

/** Loads the backend's model versions once per datasource; a failure is shown, never thrown. */
function useModelVersions(datasourceUid: string): { versions?: ModelVersions; error?: string } {
  const [state, setState] = useState<{ versions?: ModelVersions; error?: string }>({});
  useEffect(() => {
    let current = true;
    fetchModelVersions(datasourceUid).then(
      (versions) => current && setState({ versions }),
      (err: Error) => current && setState({ error: err.message })
    );
    // A datasource switched while the request was in flight must not show the old one's list.
    return () => {
      current = false;
    };
  }, [datasourceUid]);
  return state;
}

/**
 * The fields of a risk query: which hosts, what output, which model version, and the options the
 * chosen output reads. Text fields run the query on blur, choices at once.
 */
export function RiskQueryFields({ query, onChange, onRunQuery, datasourceUid }: Props) {
  const models = useModelVersions(datasourceUid);
  const output = query.output ?? 'risk';
  const modelListId = `sentinel-model-versions-${query.refId}`;

  const onOutputChange = (next: RiskOutput) => {
    // Hidden fields are dropped: the backend checks top and threshold whatever the output, so a
    // value left over from another output could fail a query whose editor no longer shows it.
    const { top, threshold, ...rest } = query;
    onChange({
      ...rest,
      output: next,
      ...(OUTPUTS_WITH_TOP.includes(next) && top !== undefined && { top }),
      ...(next === 'events' && threshold !== undefined && { threshold }),
    });
    onRunQuery();
  };
  // An empty number field is saved as absent: the backend then uses its default.
  const onTopChange = (e: ChangeEvent<HTMLInputElement>) =>
    onChange({ ...query, top: e.target.value === '' ? undefined : Math.max(1, Math.round(Number(e.target.value))) });
  const onThresholdChange = (e: ChangeEvent<HTMLInputElement>) =>
    onChange({ ...query, threshold: e.target.value === '' ? undefined : Number(e.target.value) });
  const thresholdError = thresholdProblem(query.threshold);

  return (
    <>
      <InlineField
        label="Hosts"
        labelWidth={12}
        grow
        tooltip={
          'PromQL label matchers without braces, e.g. job="node" or instance=~"$host". Empty means every instance.'
        }
      >
        <Input
          id={`sentinel-host-selector-${query.refId}`}
          data-testid={testIds.queryEditor.hostSelector}
          value={query.hostSelector ?? ''}
          placeholder={'job="node"'}
          onChange={(e: ChangeEvent<HTMLInputElement>) => onChange({ ...query, hostSelector: e.target.value })}
          onBlur={onRunQuery}
        />
      </InlineField>
      <InlineFieldRow>
        <InlineField label="Output" labelWidth={12}>
          <div data-testid={testIds.queryEditor.output}>
            <RadioButtonGroup<RiskOutput>
              aria-label="Output"
              options={OUTPUT_OPTIONS}
              value={output}
              onChange={onOutputChange}
            />
          </div>
        </InlineField>
      </InlineFieldRow>
      <InlineFieldRow>
        <InlineField
          label="Model version"
          labelWidth={12}
          tooltip="Empty runs the active version, so the query follows activations and rollbacks; a variable such as $model works too."
        >
          <Input
            id={`sentinel-model-version-${query.refId}`}
            width={24}
            data-testid={testIds.queryEditor.modelVersion}
            list={modelListId}
            value={query.modelVersion ?? ''}
            placeholder={models.versions ? `active (${models.versions.active})` : 'active'}
            onChange={(e: ChangeEvent<HTMLInputElement>) =>
              onChange({ ...query, modelVersion: e.target.value.trim() || undefined })
            }
            onBlur={onRunQuery}
          />
        </InlineField>
        {OUTPUTS_WITH_TOP.includes(output) && (
          <InlineField label="Top features" tooltip="How many contributing features to name" labelWidth={14}>
            <Input
              id={`sentinel-top-${query.refId}`}
              width={10}
              type="number"
              min={1}
              data-testid={testIds.queryEditor.top}
              value={query.top ?? ''}
              placeholder={String(DEFAULT_TOP)}
              onChange={onTopChange}
              onBlur={onRunQuery}
            />
          </InlineField>
        )}
        {output === 'events' && (
          <InlineField
            label="Threshold"
            labelWidth={12}
            tooltip="Risk at which an episode starts, instead of the model's alert threshold"
            invalid={thresholdError !== undefined}
            error={thresholdError}
          >
            <Input
              id={`sentinel-threshold-${query.refId}`}
              width={10}
              type="number"
              step={0.01}
              min={0}
              max={1}
              data-testid={testIds.queryEditor.threshold}
              value={query.threshold ?? ''}
              placeholder="model's"
              onChange={onThresholdChange}
              onBlur={onRunQuery}
            />
          </InlineField>
        )}
      </InlineFieldRow>
      {/* Suggestions only: the field also takes versions the list does not hold, and variables. */}
      <datalist id={modelListId} data-testid={testIds.queryEditor.modelList}>
        {models.versions?.models.map((m) => (
          <option key={m.version} value={m.version}>
            {[
              m.version === models.versions?.active ? 'active' : '',
              m.horizon ? `horizon ${m.horizon}` : '',
              m.error ?? '',
            ]
              .filter(Boolean)
              .join(', ')}
          </option>
        ))}
      </datalist>
      {models.error && (
        <div data-testid={testIds.queryEditor.modelListError}>
          <Text color="warning" variant="bodySmall">
            {models.error}
          </Text>
        </div>
      )}
    </>
  );
}
