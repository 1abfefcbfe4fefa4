import React, { FormEvent, useState } from 'react';
import { AppPluginMeta, PluginConfigPageProps } from '@grafana/data';
import { DataSourcePicker } from '@grafana/runtime';
import { Alert, Button, Field, FieldSet, Input, Stack } from '@grafana/ui';
import { DEFAULT_HORIZON_MINUTES, DEFAULT_THRESHOLD } from '../../constants';
import { RISK_DATASOURCE_TYPE } from './alertRules';
import { AppSettings, AppSettingsForm, validateAppSettings } from './appSettings';
import { syncDatasourceFeatureQueries } from './datasourceSync';
import { checkFeatures, FeatureCheck } from './featureCheck';
import { DEFAULT_HOST_SELECTOR, DEFAULT_RATE_WINDOW, defaultTemplate, effectiveTemplates } from './featureQueries';
import { FeatureMappingTable } from './FeatureMappingTable';
import { savePluginSettings } from './grafanaApi';
import { InstallSection, InstallTargets } from './InstallSection';
import { configTestIds } from './testIds';

export interface AppConfigProps extends PluginConfigPageProps<AppPluginMeta<AppSettings>> {}

function initialForm(jsonData: Partial<AppSettings> | undefined): AppSettingsForm {
  return {
    prometheusDatasourceUid: jsonData?.prometheusDatasourceUid ?? '',
    sentinelDatasourceUid: jsonData?.sentinelDatasourceUid ?? '',
    hostSelector: jsonData?.hostSelector ?? DEFAULT_HOST_SELECTOR,
    horizonMinutes: String(jsonData?.horizonMinutes ?? DEFAULT_HORIZON_MINUTES),
    threshold: String(jsonData?.threshold ?? DEFAULT_THRESHOLD),
    featureTemplates: effectiveTemplates(jsonData?.featureQueries),
  };
}

/**
 * The app's configuration page: the datasources the model reads and the alert rule queries, the
 * hosts, horizon and threshold, the PromQL of each model feature (tested against Prometheus),
 * and buttons installing the bundled dashboards and alert rule.
 */
const AppConfig = ({ plugin }: AppConfigProps) => {
  const { enabled, pinned, jsonData } = plugin.meta;
  const [form, setForm] = useState<AppSettingsForm>(() => initialForm(jsonData));
  const [error, setError] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);
  const [checks, setChecks] = useState<Record<string, FeatureCheck>>({});
  const [checking, setChecking] = useState(false);
  const [checkError, setCheckError] = useState<string | undefined>();

  const update = (patch: Partial<AppSettingsForm>) => setForm((f) => ({ ...f, ...patch }));
  const setText = (key: 'hostSelector' | 'horizonMinutes' | 'threshold') => (event: FormEvent<HTMLInputElement>) =>
    update({ [key]: key === 'hostSelector' ? event.currentTarget.value : event.currentTarget.value.trim() });
  const setTemplate = (name: string, template: string) => {
    setForm((f) => ({ ...f, featureTemplates: { ...f.featureTemplates, [name]: template } }));
    // A result for another query than the one shown would mislead.
    setChecks(({ [name]: _stale, ...rest }) => rest);
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const result = validateAppSettings(form);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setError(undefined);
    setSaving(true);
    const settings = result.settings;
    // The datasource first: if Grafana refuses it, nothing is saved and the page says why.
    if (settings.sentinelDatasourceUid) {
      try {
        await syncDatasourceFeatureQueries(settings.sentinelDatasourceUid, settings.featureQueries ?? {});
      } catch (err) {
        setSaving(false);
        setError(
          `Nothing was saved: the feature mapping could not be written to the Sentinel risk datasource, which the alert rule's risk is computed with (${(err as Error).message}).`
        );
        return;
      }
    }
    try {
      await savePluginSettings(plugin.meta.id, { enabled, pinned, jsonData: settings });
    } catch (err) {
      setSaving(false);
      setError(
        `Grafana did not save the app settings (${(err as Error).message}); check that you are an admin and try again.`
      );
      return;
    }
    // Grafana reads plugin settings once per page load, so the page reloads to apply them.
    window.location.reload();
  };

  const onTestFeatures = async () => {
    setCheckError(undefined);
    if (!form.prometheusDatasourceUid) {
      setCheckError('Pick a Prometheus datasource first: the features are queried there.');
      return;
    }
    setChecking(true);
    setChecks({});
    try {
      setChecks(
        await checkFeatures({
          prometheusUid: form.prometheusDatasourceUid,
          hostSelector: form.hostSelector || DEFAULT_HOST_SELECTOR,
          templates: form.featureTemplates,
        })
      );
    } finally {
      setChecking(false);
    }
  };

  // A new closure each render, so a press reads the fields as they are then.
  const installTargets = (): InstallTargets => {
    const result = validateAppSettings(form);
    if (!result.ok) {
      return { ok: false, error: result.error };
    }
    const { prometheusDatasourceUid, sentinelDatasourceUid, hostSelector, threshold } = result.settings;
    if (!prometheusDatasourceUid || !sentinelDatasourceUid) {
      return {
        ok: false,
        error:
          'Pick a Prometheus datasource and a Sentinel risk datasource first: the dashboards and the alert rule query them.',
      };
    }
    return {
      ok: true,
      prometheusUid: prometheusDatasourceUid,
      sentinelUid: sentinelDatasourceUid,
      hostSelector: hostSelector ?? DEFAULT_HOST_SELECTOR,
      threshold,
    };
  };

  return (
    <form onSubmit={onSubmit}>
      <FieldSet label="Datasources, hosts and alerting">
        <Field
          label="Prometheus datasource"
          description="The Prometheus-compatible datasource the model's features are read from"
        >
          <div data-testid={configTestIds.prometheusPicker}>
            <DataSourcePicker
              type="prometheus"
              inputId="config-prometheus-ds"
              current={form.prometheusDatasourceUid || null}
              noDefault
              width={40}
              onChange={(ds) => update({ prometheusDatasourceUid: ds.uid })}
              onClear={() => update({ prometheusDatasourceUid: '' })}
            />
          </div>
        </Field>
        <Field
          label="Sentinel risk datasource"
          description="The backend datasource that computes risk for alert rules; saving also writes the feature mapping into it"
        >
          <div data-testid={configTestIds.sentinelPicker}>
            <DataSourcePicker
              type={RISK_DATASOURCE_TYPE}
              inputId="config-sentinel-ds"
              current={form.sentinelDatasourceUid || null}
              noDefault
              width={40}
              onChange={(ds) => update({ sentinelDatasourceUid: ds.uid })}
              onClear={() => update({ sentinelDatasourceUid: '' })}
            />
          </div>
        </Field>
        <Field
          label="Host selector"
          description='PromQL label matchers choosing the hosts, e.g. job="node" or instance=~"web-.*"'
        >
          <Input
            width={40}
            id="config-host-selector"
            data-testid={configTestIds.hostSelector}
            value={form.hostSelector}
            onChange={setText('hostSelector')}
          />
        </Field>
        <Field label="Horizon (minutes)" description="How far ahead a failure is predicted">
          <Input
            width={12}
            id="config-horizon"
            data-testid={configTestIds.horizon}
            value={form.horizonMinutes}
            onChange={setText('horizonMinutes')}
          />
        </Field>
        <Field label="Alert threshold" description="Risk (0–1) at which a predicted-failure alert is raised">
          <Input
            width={12}
            id="config-threshold"
            data-testid={configTestIds.threshold}
            value={form.threshold}
            onChange={setText('threshold')}
          />
        </Field>
      </FieldSet>

      <FieldSet label="Feature mapping">
        <p>
          The model reads these 14 features per host. Change a query where your metrics are not named like
          node_exporter&apos;s; only changed queries are saved, so the others follow model updates. Test runs each query
          for the host selector with a {DEFAULT_RATE_WINDOW} rate window on the Prometheus datasource.
        </p>
        <FeatureMappingTable
          templates={form.featureTemplates}
          checks={checks}
          hostSelector={form.hostSelector || DEFAULT_HOST_SELECTOR}
          onChange={setTemplate}
          onReset={(name) => setTemplate(name, defaultTemplate(name))}
        />
        <Button
          type="button"
          variant="secondary"
          icon="play"
          disabled={checking}
          data-testid={configTestIds.testFeatures}
          onClick={onTestFeatures}
        >
          {checking ? 'Testing features…' : 'Test features'}
        </Button>
        {checkError && (
          <Alert severity="warning" title="Features not tested" data-testid={configTestIds.testFeaturesError}>
            {checkError}
          </Alert>
        )}
      </FieldSet>

      {error && (
        <Alert severity="error" title="Not saved" data-testid={configTestIds.error}>
          {error}
        </Alert>
      )}
      <Stack gap={1}>
        <Button type="submit" disabled={saving} data-testid={configTestIds.submit}>
          {saving ? 'Saving…' : 'Save settings'}
        </Button>
      </Stack>

      <FieldSet label="Dashboards and alert rules">
        <p>
          Installs the Fleet risk and Host risk dashboards and the failure-risk alert rule into the “Anomaly Sentinel”
          folder, reading from the datasources, hosts and threshold above (saved or not). Installing again replaces
          them.
        </p>
        <InstallSection targets={installTargets} />
      </FieldSet>
    </form>
  );
};

export default AppConfig;
