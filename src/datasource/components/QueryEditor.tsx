import React, { ChangeEvent, FormEvent } from 'react';
import { QueryEditorProps } from '@grafana/data';
import { InlineField, InlineFieldRow, InlineSwitch, Input, TextArea } from '@grafana/ui';
import { testIds } from '../../components/testIds';
import { DataSource } from '../datasource';
import { SentinelOptions, SentinelQuery } from '../types';

type Props = QueryEditorProps<DataSource, SentinelQuery, SentinelOptions>;

/** Below one second the upstreams return the same samples again; the backend applies the same floor. */
const MIN_STEP_SECONDS = 1;

/** PromQL, an optional step and range/instant; the query runs when a field loses focus or the switch flips. */
export function QueryEditor({ query, onChange, onRunQuery }: Props) {
  const onExprChange = (e: ChangeEvent<HTMLTextAreaElement>) => onChange({ ...query, expr: e.target.value });
  // An empty step means "use the panel's interval", which the backend takes from the request.
  const onStepChange = (e: ChangeEvent<HTMLInputElement>) =>
    onChange({
      ...query,
      stepSeconds: e.target.value === '' ? undefined : Math.max(MIN_STEP_SECONDS, Number(e.target.value)),
    });
  const onInstantChange = (e: FormEvent<HTMLInputElement>) => {
    onChange({ ...query, instant: e.currentTarget.checked });
    onRunQuery();
  };

  return (
    <>
      <InlineField label="PromQL" labelWidth={12} grow>
        <TextArea
          id={`sentinel-expr-${query.refId}`}
          data-testid={testIds.queryEditor.expr}
          rows={2}
          value={query.expr ?? ''}
          placeholder={'node_load1{instance=~"web-.*"}'}
          onChange={onExprChange}
          onBlur={onRunQuery}
        />
      </InlineField>
      <InlineFieldRow>
        <InlineField label="Step (s)" labelWidth={12} tooltip="Leave empty to use the panel's interval">
          <Input
            id={`sentinel-step-${query.refId}`}
            width={12}
            type="number"
            min={MIN_STEP_SECONDS}
            data-testid={testIds.queryEditor.step}
            value={query.stepSeconds ?? ''}
            onChange={onStepChange}
            onBlur={onRunQuery}
          />
        </InlineField>
        <InlineField label="Instant" tooltip="One value per series at the end of the range instead of a time series">
          <InlineSwitch
            id={`sentinel-instant-${query.refId}`}
            data-testid={testIds.queryEditor.instant}
            value={query.instant ?? false}
            onChange={onInstantChange}
          />
        </InlineField>
      </InlineFieldRow>
    </>
  );
}
