import pluginJson from './plugin.json';

export const PLUGIN_ID = pluginJson.id;
export const PLUGIN_BASE_URL = `/a/${pluginJson.id}`;

/** The app's pages, relative to PLUGIN_BASE_URL; plugin.json's "includes" use the same paths. */
export enum ROUTES {
  Fleet = 'fleet',
  Models = 'models',
  /** Drill-down of the fleet page: fleet/host/<instance>. */
  Host = 'host',
  /** The page of version 0.1.0; bookmarks of it open the fleet page. */
  LegacyOverview = 'overview',
}

/** The host page of an instance; instances hold ':' and '/' (web-1:9100), so the segment is encoded. */
export function hostPageUrl(instance: string): string {
  return `${PLUGIN_BASE_URL}/${ROUTES.Fleet}/${ROUTES.Host}/${encodeURIComponent(instance)}`;
}

/** Plugin id of the nested backend datasource that answers risk queries. */
export const RISK_DATASOURCE_TYPE = 'anomalysentinel-risk-datasource';
/** The uid provisioning/datasources gives the Sentinel datasource; pages fall back to the first one found. */
export const DEFAULT_RISK_DATASOURCE_UID = 'sentinel-risk';
export const DEFAULT_PROMETHEUS_DATASOURCE_UID = 'prometheus';

/** Defaults of the app's settings (jsonData); the config page and provisioning use the same. */
export const DEFAULT_HORIZON_MINUTES = 15;
export const DEFAULT_THRESHOLD = 0.6;
