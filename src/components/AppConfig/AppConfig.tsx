import React, { FormEvent, useState } from 'react';
import { lastValueFrom } from 'rxjs';
import { AppPluginMeta, PluginConfigPageProps, PluginMeta } from '@grafana/data';
import { getBackendSrv } from '@grafana/runtime';
import { Alert, Button, Field, FieldSet, Input } from '@grafana/ui';
import { testIds } from '../testIds';
import { DEFAULT_HORIZON_MINUTES, DEFAULT_THRESHOLD } from '../../constants';
import { AppSettings, validateAppSettings } from './appSettings';

export interface AppConfigProps extends PluginConfigPageProps<AppPluginMeta<AppSettings>> {}

/** The app's configuration page: which Prometheus the model reads, the horizon and the alert threshold. */
const AppConfig = ({ plugin }: AppConfigProps) => {
  const { enabled, pinned, jsonData } = plugin.meta;
  const [form, setForm] = useState({
    prometheusDatasourceUid: jsonData?.prometheusDatasourceUid ?? '',
    horizonMinutes: String(jsonData?.horizonMinutes ?? DEFAULT_HORIZON_MINUTES),
    threshold: String(jsonData?.threshold ?? DEFAULT_THRESHOLD),
  });
  const [error, setError] = useState<string | undefined>();

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const result = validateAppSettings(form);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setError(undefined);
    try {
      await updatePluginAndReload(plugin.meta.id, { enabled, pinned, jsonData: result.settings });
    } catch (err) {
      setError(
        `Grafana did not save the settings (${saveErrorMessage(err)}); check that you are an admin and try again.`
      );
    }
  };

  const set = (key: keyof typeof form) => (event: FormEvent<HTMLInputElement>) =>
    setForm({ ...form, [key]: event.currentTarget.value.trim() });

  return (
    <form onSubmit={onSubmit}>
      <FieldSet label="Model input and alerting">
        <Field
          label="Prometheus datasource UID"
          description="The Prometheus-compatible datasource the model's features are read from"
        >
          <Input
            width={40}
            id="config-prometheus-uid"
            data-testid={testIds.appConfig.prometheusUid}
            value={form.prometheusDatasourceUid}
            onChange={set('prometheusDatasourceUid')}
            placeholder="prometheus"
          />
        </Field>
        <Field label="Horizon (minutes)" description="How far ahead a failure is predicted">
          <Input
            width={12}
            id="config-horizon"
            data-testid={testIds.appConfig.horizon}
            value={form.horizonMinutes}
            onChange={set('horizonMinutes')}
          />
        </Field>
        <Field label="Alert threshold" description="Risk (0–1) at which a predicted-failure alert is raised">
          <Input
            width={12}
            id="config-threshold"
            data-testid={testIds.appConfig.threshold}
            value={form.threshold}
            onChange={set('threshold')}
          />
        </Field>
        {error && (
          <Alert severity="error" title="Not saved" data-testid={testIds.appConfig.error}>
            {error}
          </Alert>
        )}
        <Button type="submit" data-testid={testIds.appConfig.submit}>
          Save settings
        </Button>
      </FieldSet>
    </form>
  );
};

export default AppConfig;

async function updatePluginAndReload(pluginId: string, data: Partial<PluginMeta<AppSettings>>) {
  await updatePlugin(pluginId, data);
  // Reloading the page makes Grafana pick up the new jsonData everywhere.
  window.location.reload();
}

export const updatePlugin = async (pluginId: string, data: Partial<PluginMeta>) => {
  const response = getBackendSrv().fetch({ url: `/api/plugins/${pluginId}/settings`, method: 'POST', data });
  return lastValueFrom(response);
};

/** backendSrv rejects with a FetchError whose data.message says what Grafana refused; anything else is shown as text. */
function saveErrorMessage(err: unknown): string {
  if (typeof err === 'object' && err !== null) {
    const { data, message } = err as { data?: { message?: unknown }; message?: unknown };
    if (typeof data?.message === 'string') {
      return data.message;
    }
    if (typeof message === 'string') {
      return message;
    }
  }
  return String(err);
}
