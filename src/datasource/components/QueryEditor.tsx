import React, { ChangeEvent } from 'react';
import { QueryEditorProps } from '@grafana/data';
import { InlineField, Input, TextArea } from '@grafana/ui';
import { testIds } from '../../components/testIds';
import { DataSource } from '../datasource';
import { SentinelOptions, SentinelQuery } from '../types';

type Props = QueryEditorProps<DataSource, SentinelQuery, SentinelOptions>;

/** PromQL and an optional step; the query runs when the expression loses focus. */
export function QueryEditor({ query, onChange, onRunQuery }: Props) {
  return (
    <>
      <InlineField label="PromQL" labelWidth={12} grow>
        <TextArea
          data-testid={testIds.queryEditor.expr}
          rows={2}
          value={query.expr ?? ''}
          placeholder="node_load1{instance=~&quot;web-.*&quot;}"
          onChange={(e: ChangeEvent<HTMLTextAreaElement>) => onChange({ ...query, expr: e.target.value })}
          onBlur={onRunQuery}
        />
      </InlineField>
      <InlineField label="Step (s)" labelWidth={12} tooltip="Leave empty to use the panel's interval">
        <Input
          width={12}
          type="number"
          data-testid={testIds.queryEditor.step}
          value={query.stepSeconds ?? ''}
          onChange={(e: ChangeEvent<HTMLInputElement>) =>
            onChange({ ...query, stepSeconds: e.target.value === '' ? undefined : Math.max(1, Number(e.target.value)) })
          }
          onBlur={onRunQuery}
        />
      </InlineField>
    </>
  );
}
