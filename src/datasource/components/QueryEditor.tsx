import React, { ChangeEvent, FormEvent } from 'react';
import { QueryEditorProps } from '@grafana/data';
import { InlineField, InlineFieldRow, InlineSwitch, Input, RadioButtonGroup, TextArea } from '@grafana/ui';
import { testIds } from '../testIds';
import { DataSource } from '../datasource';
import {
  DEFAULT_QUERY,
  isRiskQuery,
  SentinelOptions,
  SentinelPromQLQuery,
  SentinelQuery,
  SentinelRiskQuery,
} from '../types';
import { RiskQueryFields } from './RiskQueryFields';

type Props = QueryEditorProps<DataSource, SentinelQuery, SentinelOptions>;
type QueryKind = 'promql' | 'risk';

/** Below one second the upstreams return the same samples again; the backend applies the same floor. */
const MIN_STEP_SECONDS = 1;

const KIND_OPTIONS: Array<{ label: string; value: QueryKind; description: string }> = [
  { label: 'PromQL', value: 'promql', description: 'Any PromQL expression on the configured server' },
  { label: 'Failure risk', value: 'risk', description: 'Probability per host that it fails within the model horizon' },
];

/**
 * Switches a query to the other kind. The other kind's fields stay in the query (the backend
 * ignores them), so flipping back restores what was typed; missing fields get the defaults.
 */
export function switchQueryKind(query: SentinelQuery, kind: QueryKind): SentinelQuery {
  const fields = query as Partial<Omit<SentinelPromQLQuery, 'queryType'> & Omit<SentinelRiskQuery, 'queryType'>> &
    Pick<SentinelQuery, 'refId' | 'queryType'>;
  if (kind === 'risk') {
    return {
      ...fields,
      refId: query.refId,
      queryType: 'risk',
      hostSelector: fields.hostSelector ?? '',
      output: fields.output ?? 'risk',
    };
  }
  const { queryType: _risk, ...rest } = fields;
  return { ...rest, refId: query.refId, expr: rest.expr || (DEFAULT_QUERY.expr ?? '') };
}

/**
 * Either PromQL (expression, optional step, range/instant) or failure risk (see RiskQueryFields).
 * The query runs when a field loses focus or a switch flips, not on every keystroke.
 */
export function QueryEditor({ query, onChange, onRunQuery, datasource }: Props) {
  const kind: QueryKind = isRiskQuery(query) ? 'risk' : 'promql';
  const onKindChange = (next: QueryKind) => {
    if (next !== kind) {
      onChange(switchQueryKind(query, next));
      onRunQuery();
    }
  };

  return (
    <>
      <InlineFieldRow>
        <InlineField label="Query" labelWidth={12}>
          {/* RadioButtonGroup does not pass data-testid on, so the wrapper carries it. */}
          <div data-testid={testIds.queryEditor.queryType}>
            <RadioButtonGroup<QueryKind>
              aria-label="Query type"
              options={KIND_OPTIONS}
              value={kind}
              onChange={onKindChange}
            />
          </div>
        </InlineField>
      </InlineFieldRow>
      {isRiskQuery(query) ? (
        <RiskQueryFields query={query} onChange={onChange} onRunQuery={onRunQuery} datasourceUid={datasource.uid} />
      ) : (
        <PromQLFields query={query} onChange={onChange} onRunQuery={onRunQuery} />
      )}
    </>
  );
}

interface PromQLFieldsProps {
  query: SentinelPromQLQuery;
  onChange: (query: SentinelQuery) => void;
  onRunQuery: () => void;
}

function PromQLFields({ query, onChange, onRunQuery }: PromQLFieldsProps) {
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
