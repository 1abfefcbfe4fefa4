/**
 * Options of the risk panel (saved in the dashboard JSON). Provisioned dashboards and the app's
 * "install dashboards" button write these keys, so renaming one breaks saved dashboards.
 */
export interface RiskPanelOptions {
  /**
   * Where the features come from:
   * - 'panelQueries': the panel's own queries, one per feature, with refId = the feature's name
   *   (e.g. refId "memory_used"), one series per host labelled `instance`;
   * - 'modelQueries': the panel renders the model's PromQL templates itself against
   *   `prometheusUid` for the hosts matched by `hostSelector`.
   */
  source: 'panelQueries' | 'modelQueries';
  /** Prometheus-compatible datasource uid used in 'modelQueries' mode. */
  prometheusUid: string;
  /** PromQL label matchers choosing the hosts in 'modelQueries' mode, e.g. `job="node"`. */
  hostSelector: string;
  /** Sentinel risk datasource uid the model is loaded from ('' = the first one found). */
  backendUid: string;
  /** Model version to run ('' = the version active on the backend, so panel and alerts agree). */
  modelVersion: string;
  /** 'model' uses the threshold stored with the model (the one the alert rule uses). */
  thresholdSource: 'model' | 'custom';
  /** Risk (0–1) at which a predicted-failure episode starts when thresholdSource is 'custom'. */
  threshold: number;
  /** How far ahead of an episode's start the predicted failure window is drawn, in minutes. */
  horizonMinutes: number;
  /** At most this many hosts are drawn (the riskiest first when sorted by risk). */
  maxHosts: number;
  sortBy: 'currentRisk' | 'peakRisk' | 'name';
  /** Shade the model's predicted-failure episodes. */
  showEpisodes: boolean;
  /** Mark the dashboard's annotations and Grafana's alert state history. */
  showAlertHistory: boolean;
  /**
   * TensorFlow.js backend: 'auto' tries WebGL, then WebAssembly, then plain JavaScript — skipping
   * WebGL when the browser renders it in software (SwiftShader, llvmpipe), where wasm is faster.
   */
  inferenceBackend: 'auto' | 'webgl' | 'wasm' | 'cpu';
}

export const DEFAULT_PANEL_OPTIONS: RiskPanelOptions = {
  source: 'modelQueries',
  prometheusUid: '',
  hostSelector: 'job="node"',
  backendUid: '',
  modelVersion: '',
  thresholdSource: 'model',
  threshold: 0.8,
  horizonMinutes: 15,
  maxHosts: 20,
  sortBy: 'currentRisk',
  showEpisodes: true,
  showAlertHistory: true,
  inferenceBackend: 'auto',
};
