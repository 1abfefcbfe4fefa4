import React, { ChangeEvent } from 'react';
import { DataSourcePluginOptionsEditorProps } from '@grafana/data';
import { Alert, Field, FieldSet, Input, RadioButtonGroup, SecretInput } from '@grafana/ui';
import { testIds } from '../../components/testIds';
import { settingsProblems } from '../settingsValidation';
import {
  AuthType,
  DEFAULT_MAX_POINTS,
  DEFAULT_MAX_SERIES,
  DEFAULT_TIMEOUT_SECONDS,
  SentinelOptions,
  SentinelSecureOptions,
} from '../types';

type Props = DataSourcePluginOptionsEditorProps<SentinelOptions, SentinelSecureOptions>;
type LimitKey = 'timeoutSeconds' | 'maxSeries' | 'maxPoints';

const AUTH_OPTIONS: Array<{ label: string; value: AuthType }> = [
  { label: 'None', value: 'none' },
  { label: 'Basic', value: 'basic' },
  { label: 'Bearer token', value: 'bearer' },
];

/** Upstream URL, authentication (secrets in secureJsonData) and the limits every query runs under. */
export function ConfigEditor({ options, onOptionsChange }: Props) {
  const jsonData = options.jsonData ?? {};
  const secureJsonFields = options.secureJsonFields ?? {};
  const secureJsonData = options.secureJsonData ?? {};
  const authType = jsonData.authType ?? 'none';
  const problems = settingsProblems(options);

  const setJsonData = (patch: Partial<SentinelOptions>) =>
    onOptionsChange({ ...options, jsonData: { ...jsonData, ...patch } });
  // An empty field is saved as absent, which the backend reads as "use the default".
  const setLimit = (key: LimitKey) => (e: ChangeEvent<HTMLInputElement>) =>
    setJsonData({ [key]: e.target.value === '' ? undefined : Number(e.target.value) });
  const setSecret = (key: keyof SentinelSecureOptions) => (e: ChangeEvent<HTMLInputElement>) =>
    onOptionsChange({ ...options, secureJsonData: { ...secureJsonData, [key]: e.target.value } });
  // Grafana deletes a stored secret only when its secureJsonFields flag is false and the value is empty.
  const resetSecret = (key: keyof SentinelSecureOptions) => () =>
    onOptionsChange({
      ...options,
      secureJsonFields: { ...secureJsonFields, [key]: false },
      secureJsonData: { ...secureJsonData, [key]: '' },
    });

  return (
    <>
      <FieldSet label="Prometheus-compatible server">
        <Field
          label="URL"
          description="Prometheus, VictoriaMetrics, Mimir (…/prometheus) or Thanos Query. The backend calls only this URL."
        >
          <Input
            id="sentinel-ds-url"
            width={60}
            data-testid={testIds.datasourceConfig.url}
            value={options.url ?? ''}
            placeholder="http://prometheus:9090"
            onChange={(e: ChangeEvent<HTMLInputElement>) => onOptionsChange({ ...options, url: e.target.value.trim() })}
          />
        </Field>
        <Field label="Authentication">
          {/* RadioButtonGroup does not pass data-testid on, so the wrapper carries it. */}
          <div data-testid={testIds.datasourceConfig.authType}>
            <RadioButtonGroup<AuthType>
              aria-label="Authentication"
              options={AUTH_OPTIONS}
              value={authType}
              onChange={(value) => setJsonData({ authType: value })}
            />
          </div>
        </Field>
        {authType === 'basic' && (
          <>
            <Field label="User">
              <Input
                id="sentinel-ds-basic-user"
                width={40}
                data-testid={testIds.datasourceConfig.basicUser}
                value={jsonData.basicAuthUser ?? ''}
                onChange={(e: ChangeEvent<HTMLInputElement>) => setJsonData({ basicAuthUser: e.target.value })}
              />
            </Field>
            <Field label="Password">
              <SecretInput
                id="sentinel-ds-basic-password"
                width={40}
                data-testid={testIds.datasourceConfig.basicPassword}
                isConfigured={Boolean(secureJsonFields.basicAuthPassword)}
                value={secureJsonData.basicAuthPassword ?? ''}
                onChange={setSecret('basicAuthPassword')}
                onReset={resetSecret('basicAuthPassword')}
              />
            </Field>
          </>
        )}
        {authType === 'bearer' && (
          <Field label="Bearer token">
            <SecretInput
              id="sentinel-ds-bearer-token"
              width={60}
              data-testid={testIds.datasourceConfig.bearerToken}
              isConfigured={Boolean(secureJsonFields.bearerToken)}
              value={secureJsonData.bearerToken ?? ''}
              onChange={setSecret('bearerToken')}
              onReset={resetSecret('bearerToken')}
            />
          </Field>
        )}
      </FieldSet>
      <FieldSet label="Limits">
        <Field label="Timeout (seconds)" description="Per request; also sent to the server so it stops work too">
          <Input
            id="sentinel-ds-timeout"
            width={12}
            type="number"
            data-testid={testIds.datasourceConfig.timeout}
            value={jsonData.timeoutSeconds ?? ''}
            placeholder={String(DEFAULT_TIMEOUT_SECONDS)}
            onChange={setLimit('timeoutSeconds')}
          />
        </Field>
        <Field
          label="Max series"
          description="Queries returning more series fail with a clear error instead of exhausting memory"
        >
          <Input
            id="sentinel-ds-max-series"
            width={12}
            type="number"
            data-testid={testIds.datasourceConfig.maxSeries}
            value={jsonData.maxSeries ?? ''}
            placeholder={String(DEFAULT_MAX_SERIES)}
            onChange={setLimit('maxSeries')}
          />
        </Field>
        <Field
          label="Max points per series"
          description="Ranges that would need more points are refused before they are sent"
        >
          <Input
            id="sentinel-ds-max-points"
            width={12}
            type="number"
            data-testid={testIds.datasourceConfig.maxPoints}
            value={jsonData.maxPoints ?? ''}
            placeholder={String(DEFAULT_MAX_POINTS)}
            onChange={setLimit('maxPoints')}
          />
        </Field>
      </FieldSet>
      <FieldSet label="Models">
        <Field
          label="Model directory"
          description="Optional. A folder on the Grafana server holding model versions beside the shipped one; share it between Grafana replicas so they agree on the active model."
        >
          <Input
            id="sentinel-ds-model-dir"
            width={60}
            data-testid={testIds.datasourceConfig.modelDir}
            value={jsonData.modelDir ?? ''}
            placeholder="/var/lib/grafana/sentinel-models"
            onChange={(e: ChangeEvent<HTMLInputElement>) =>
              onOptionsChange({ ...options, jsonData: { ...jsonData, modelDir: e.target.value.trim() || undefined } })
            }
          />
        </Field>
      </FieldSet>
      {problems.length > 0 && (
        <Alert severity="warning" title="Check these settings" data-testid={testIds.datasourceConfig.error}>
          {problems.map((problem) => (
            <div key={problem}>{problem}</div>
          ))}
        </Alert>
      )}
    </>
  );
}
