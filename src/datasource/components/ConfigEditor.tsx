import React, { ChangeEvent } from 'react';
import { DataSourcePluginOptionsEditorProps } from '@grafana/data';
import { Alert, Field, FieldSet, Input, RadioButtonGroup, SecretInput } from '@grafana/ui';
import { testIds } from '../testIds';
import { settingsProblems } from '../settingsValidation';
import {
  AuthType,
  DEFAULT_FETCH_CONCURRENCY,
  DEFAULT_MAX_HOSTS,
  DEFAULT_MAX_POINTS,
  DEFAULT_MAX_SERIES,
  DEFAULT_QUERY_BUDGET_SECONDS,
  DEFAULT_SHARD_SIZE,
  DEFAULT_TIMEOUT_SECONDS,
  SentinelOptions,
  SentinelSecureOptions,
} from '../types';

type Props = DataSourcePluginOptionsEditorProps<SentinelOptions, SentinelSecureOptions>;
type LimitKey =
  'timeoutSeconds' | 'maxSeries' | 'maxPoints' | 'maxHosts' | 'shardSize' | 'fetchConcurrency' | 'queryBudgetSeconds';

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
  const featureQueries = Object.entries(jsonData.featureQueries ?? {}).sort(([a], [b]) => a.localeCompare(b));
  // The backend's default shard shrinks to the series limit, since each shard's answer must fit it.
  const maxSeries = jsonData.maxSeries;
  const defaultShardSize = Math.min(
    DEFAULT_SHARD_SIZE,
    maxSeries !== undefined && Number.isInteger(maxSeries) && maxSeries > 0 ? maxSeries : DEFAULT_MAX_SERIES
  );

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
      <FieldSet label="Risk queries">
        <Field label="Max hosts" description="A risk query selecting more hosts is refused; narrow its host selector">
          <Input
            id="sentinel-ds-max-hosts"
            width={12}
            type="number"
            data-testid={testIds.datasourceConfig.maxHosts}
            value={jsonData.maxHosts ?? ''}
            placeholder={String(DEFAULT_MAX_HOSTS)}
            onChange={setLimit('maxHosts')}
          />
        </Field>
        <Field
          label="Hosts per shard"
          description="Features are fetched for this many hosts per request; at most Max series, as each host is one series"
        >
          <Input
            id="sentinel-ds-shard-size"
            width={12}
            type="number"
            data-testid={testIds.datasourceConfig.shardSize}
            value={jsonData.shardSize ?? ''}
            placeholder={String(defaultShardSize)}
            onChange={setLimit('shardSize')}
          />
        </Field>
        <Field
          label="Concurrent upstream requests"
          description="Shard requests in flight for one risk query; keep it low enough for the server's query concurrency"
        >
          <Input
            id="sentinel-ds-fetch-concurrency"
            width={12}
            type="number"
            data-testid={testIds.datasourceConfig.fetchConcurrency}
            value={jsonData.fetchConcurrency ?? ''}
            placeholder={String(DEFAULT_FETCH_CONCURRENCY)}
            onChange={setLimit('fetchConcurrency')}
          />
        </Field>
        <Field
          label="Query time budget (seconds)"
          description="A risk query stops after this long and returns the hosts that finished, with a notice naming the rest"
        >
          <Input
            id="sentinel-ds-query-budget"
            width={12}
            type="number"
            data-testid={testIds.datasourceConfig.queryBudget}
            value={jsonData.queryBudgetSeconds ?? ''}
            placeholder={String(DEFAULT_QUERY_BUDGET_SECONDS)}
            onChange={setLimit('queryBudgetSeconds')}
          />
        </Field>
      </FieldSet>
      {featureQueries.length > 0 && (
        // Written by the app's config page, which keeps the app and this datasource in step; saving
        // this page keeps them, since every change here copies the rest of jsonData.
        <Alert severity="info" title="Feature query overrides" data-testid={testIds.datasourceConfig.featureQueries}>
          <div>
            Risk queries read these features with this PromQL instead of the model&apos;s. Edit them on the Anomaly
            Sentinel app&apos;s configuration page.
          </div>
          <ul>
            {featureQueries.map(([name, template]) => (
              <li key={name}>
                {name}: <code>{template}</code>
              </li>
            ))}
          </ul>
        </Alert>
      )}
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
