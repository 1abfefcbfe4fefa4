import { checkHostSelector, DEFAULT_HOST_SELECTOR, overriddenTemplates, templateProblem } from './featureQueries';

/** The app's jsonData. */
export interface AppSettings {
  /** Prometheus-compatible datasource the model's features are read from (panel, feature test, dashboards). */
  prometheusDatasourceUid?: string;
  /** Sentinel risk datasource (backend) the alert rule and the backend panels query. */
  sentinelDatasourceUid?: string;
  /** Label matchers choosing the hosts, e.g. job="node" (absent in settings saved before 0.2 = the default). */
  hostSelector?: string;
  horizonMinutes: number;
  threshold: number;
  /**
   * Feature name → PromQL template ($selector, $rate), only the features whose query differs
   * from the model's. The Sentinel datasource's jsonData holds the same map for the backend.
   */
  featureQueries?: Record<string, string>;
}

/** The config page's fields as typed. */
export interface AppSettingsForm {
  prometheusDatasourceUid: string;
  sentinelDatasourceUid: string;
  hostSelector: string;
  horizonMinutes: string;
  threshold: string;
  /** Every feature's template as shown (overridden or the model's). */
  featureTemplates: Record<string, string>;
}

type Validation = { ok: true; settings: AppSettings } | { ok: false; error: string };

const UID_PATTERN = /^[a-zA-Z0-9_-]{1,40}$/;

/** Checks the config page's fields; the message says which field and what is allowed. */
export function validateAppSettings(form: AppSettingsForm): Validation {
  const horizonMinutes = Number(form.horizonMinutes);
  if (!Number.isInteger(horizonMinutes) || horizonMinutes < 1 || horizonMinutes > 240) {
    return {
      ok: false,
      error: `Horizon must be a whole number of minutes from 1 to 240, not "${form.horizonMinutes}".`,
    };
  }
  const threshold = Number(form.threshold);
  if (!(threshold > 0 && threshold < 1)) {
    return {
      ok: false,
      error: `Alert threshold must be a number between 0 and 1 (exclusive), not "${form.threshold}".`,
    };
  }
  for (const [label, uid] of [
    ['Prometheus', form.prometheusDatasourceUid],
    ['Sentinel risk', form.sentinelDatasourceUid],
  ]) {
    if (uid !== '' && !UID_PATTERN.test(uid)) {
      return { ok: false, error: `${label} datasource UID may hold letters, digits, "-" and "_" only (at most 40).` };
    }
  }
  const hostSelector = form.hostSelector.trim() || DEFAULT_HOST_SELECTOR;
  try {
    checkHostSelector(hostSelector);
  } catch (err) {
    return { ok: false, error: `Host selector: ${(err as Error).message}.` };
  }
  const problem = templateProblem(form.featureTemplates);
  if (problem) {
    return { ok: false, error: problem };
  }
  const featureQueries = overriddenTemplates(form.featureTemplates);
  return {
    ok: true,
    settings: {
      ...(form.prometheusDatasourceUid ? { prometheusDatasourceUid: form.prometheusDatasourceUid } : {}),
      ...(form.sentinelDatasourceUid ? { sentinelDatasourceUid: form.sentinelDatasourceUid } : {}),
      hostSelector,
      horizonMinutes,
      threshold,
      ...(Object.keys(featureQueries).length > 0 ? { featureQueries } : {}),
    },
  };
}
