/** The app's jsonData. */
export interface AppSettings {
  prometheusDatasourceUid?: string;
  horizonMinutes: number;
  threshold: number;
}

type Validation = { ok: true; settings: AppSettings } | { ok: false; error: string };

/** Checks the config page's text fields; the message says which field and what is allowed. */
export function validateAppSettings(form: {
  prometheusDatasourceUid: string;
  horizonMinutes: string;
  threshold: string;
}): Validation {
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
  if (form.prometheusDatasourceUid !== '' && !/^[a-zA-Z0-9_-]{1,40}$/.test(form.prometheusDatasourceUid)) {
    return { ok: false, error: 'Prometheus datasource UID may hold letters, digits, "-" and "_" only (at most 40).' };
  }
  return {
    ok: true,
    settings: {
      ...(form.prometheusDatasourceUid ? { prometheusDatasourceUid: form.prometheusDatasourceUid } : {}),
      horizonMinutes,
      threshold,
    },
  };
}
