import React, { ChangeEvent } from 'react';
import { DataSourcePluginOptionsEditorProps } from '@grafana/data';
import { Alert, Field, FieldSet, Input, RadioButtonGroup, SecretInput } from '@grafana/ui';
import { testIds } from '../../components/testIds';
import { settingsProblems } from '../settingsValidation';
import { AuthType, DEFAULT_MAX_POINTS, DEFAULT_MAX_SERIES, DEFAULT_TIMEOUT_SECONDS, SentinelOptions, SentinelSecureOptions } from '../types';

type Props = DataSourcePluginOptionsEditorProps<SentinelOptions, SentinelSecureOptions>;

const AUTH_OPTIONS: Array<{ label: string; value: AuthType }> = [
  { label: 'None', value: 'none' },
  { label: 'Basic', value: 'basic' },
  { label: 'Bearer token', value: 'bearer' },
];

/** Upstream URL, authentication (secrets in secureJsonData) and the limits every query runs under. */
export function ConfigEditor({ options, onOptionsChange }: Props) {
  const { jsonData, secureJsonFields } = options;
  const secure = options.secureJsonData ?? {};
  const authType = jsonData.authType ?? 'none';
  const problems = settingsProblems(options.url, jsonData);

  const setJson = (patch: Partial<SentinelOptions>) => onOptionsChange({ ...options, jsonData: { ...jsonData, ...patch } });
  const setNumber = (key: 'timeoutSeconds' | 'maxSeries' | 'maxPoints') => (e: ChangeEvent<HTMLInputElement>) =>
    setJson({ [key]: e.target.value === '' ? undefined : Number(e.target.value) });
  const setSecret = (key: keyof SentinelSecureOptions) => (e: ChangeEvent<HTMLInputElement>) =>
    onOptionsChange({ ...options, secureJsonData: { ...secure, [key]: e.target.value } });
  const resetSecret = (key: keyof SentinelSecureOptions) => () =>
    onOptionsChange({
      ...options,
      secureJsonFields: { ...secureJsonFields, [key]: false },
      secureJsonData: { ...secure, [key]: '' },
    });

  return (
    <>
      <FieldSet label="Prometheus-compatible server">
        <Field label="URL" description="Prometheus, VictoriaMetrics, Mimir (…/prometheus) or Thanos Query. The backend calls only this URL.">
          <Input
            width={60}
            data-testid={testIds.datasourceConfig.url}
            value={options.url}
            placeholder="http://prometheus:9090"
            onChange={(e: ChangeEvent<HTMLInputElement>) => onOptionsChange({ ...options, url: e.target.value.trim() })}
          />
        </Field>
        <Field label="Authentication">
          <RadioButtonGroup<AuthType> data-testid={testIds.datasourceConfig.authType} options={AUTH_OPTIONS} value={authType} onChange={(v) => setJson({ authType: v })} />
        </Field>
        {authType === 'basic' && (
          <>
            <Field label="User">
              <Input width={40} data-testid={testIds.datasourceConfig.basicUser} value={jsonData.basicAuthUser ?? ''} onChange={(e: ChangeEvent<HTMLInputElement>) => setJson({ basicAuthUser: e.target.value })} />
            </Field>
            <Field label="Password">
              <SecretInput
                width={40}
                data-testid={testIds.datasourceConfig.basicPassword}
                isConfigured={Boolean(secureJsonFields?.basicAuthPassword)}
                value={secure.basicAuthPassword ?? ''}
                onChange={setSecret('basicAuthPassword')}
                onReset={resetSecret('basicAuthPassword')}
              />
            </Field>
          </>
        )}
        {authType === 'bearer' && (
          <Field label="Bearer token">
            <SecretInput
              width={60}
              data-testid={testIds.datasourceConfig.bearerToken}
              isConfigured={Boolean(secureJsonFields?.bearerToken)}
              value={secure.bearerToken ?? ''}
              onChange={setSecret('bearerToken')}
              onReset={resetSecret('bearerToken')}
            />
          </Field>
        )}
      </FieldSet>
      <FieldSet label="Limits">
        <Field label="Timeout (seconds)" description="Per request; also sent to the server so it stops work too">
          <Input width={12} type="number" data-testid={testIds.datasourceConfig.timeout} value={jsonData.timeoutSeconds ?? ''} placeholder={String(DEFAULT_TIMEOUT_SECONDS)} onChange={setNumber('timeoutSeconds')} />
        </Field>
        <Field label="Max series" description="Queries returning more series fail with a clear error instead of exhausting memory">
          <Input width={12} type="number" data-testid={testIds.datasourceConfig.maxSeries} value={jsonData.maxSeries ?? ''} placeholder={String(DEFAULT_MAX_SERIES)} onChange={setNumber('maxSeries')} />
        </Field>
        <Field label="Max points per series" description="Ranges that would need more points are refused before they are sent">
          <Input width={12} type="number" data-testid={testIds.datasourceConfig.maxPoints} value={jsonData.maxPoints ?? ''} placeholder={String(DEFAULT_MAX_POINTS)} onChange={setNumber('maxPoints')} />
        </Field>
      </FieldSet>
      {problems.length > 0 && (
        <Alert severity="warning" title="Check these settings" data-testid={testIds.datasourceConfig.error}>
          {problems.map((p) => (
            <div key={p}>{p}</div>
          ))}
        </Alert>
      )}
    </>
  );
}
