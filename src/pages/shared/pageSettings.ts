import { ThresholdsConfig, ThresholdsMode } from '@grafana/data';
import { DEFAULT_THRESHOLD } from '../../constants';

/** What the pages take from the app's settings (jsonData saved by the config page). */
export interface PageSettings {
  /** Risk (0–1) drawn as the alert line and coloured red at and above. */
  threshold: number;
  /** The Prometheus datasource preselected for raw metrics and label values. */
  prometheusUid?: string;
}

/** Reads the app's jsonData defensively: a missing or out-of-range threshold takes the default. */
export function pageSettingsFrom(jsonData: unknown): PageSettings {
  const data = typeof jsonData === 'object' && jsonData !== null ? (jsonData as Record<string, unknown>) : {};
  const threshold =
    typeof data.threshold === 'number' && data.threshold > 0 && data.threshold < 1 ? data.threshold : DEFAULT_THRESHOLD;
  const prometheusUid =
    typeof data.prometheusDatasourceUid === 'string' && data.prometheusDatasourceUid !== ''
      ? data.prometheusDatasourceUid
      : undefined;
  return prometheusUid ? { threshold, prometheusUid } : { threshold };
}

/** Green below 80 % of the threshold, orange approaching it, red at and above it. */
export function riskThresholds(threshold: number): ThresholdsConfig {
  return {
    mode: ThresholdsMode.Absolute,
    steps: [
      { value: -Infinity, color: 'green' },
      { value: Math.round(threshold * 0.8 * 1000) / 1000, color: 'orange' },
      { value: threshold, color: 'red' },
    ],
  };
}
