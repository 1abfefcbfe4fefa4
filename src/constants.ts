import pluginJson from './plugin.json';

export const PLUGIN_ID = pluginJson.id;
export const PLUGIN_BASE_URL = `/a/${pluginJson.id}`;

export enum ROUTES {
  Overview = 'overview',
}

/** Defaults of the app's settings (jsonData); the config page and provisioning use the same. */
export const DEFAULT_HORIZON_MINUTES = 15;
export const DEFAULT_THRESHOLD = 0.8;
