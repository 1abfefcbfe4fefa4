import { PanelPlugin } from '@grafana/data';
import { RiskPanel } from './components/RiskPanel';
import { DEFAULT_PANEL_OPTIONS, RiskPanelOptions } from './types';

const FEATURES = ['Features'];
const MODEL = ['Model and alerts'];
const DISPLAY = ['Display'];

export const plugin = new PanelPlugin<RiskPanelOptions>(RiskPanel).setPanelOptions((builder) =>
  builder
    .addRadio({
      path: 'source',
      name: 'Feature source',
      description: "The model's own PromQL on a Prometheus datasource, or this panel's queries (refId = feature name)",
      category: FEATURES,
      defaultValue: DEFAULT_PANEL_OPTIONS.source,
      settings: {
        options: [
          { value: 'modelQueries', label: "Model's queries" },
          { value: 'panelQueries', label: 'Panel queries' },
        ],
      },
    })
    .addTextInput({
      path: 'prometheusUid',
      name: 'Prometheus datasource uid',
      description: 'Prometheus-compatible datasource the model queries',
      category: FEATURES,
      defaultValue: DEFAULT_PANEL_OPTIONS.prometheusUid,
      showIf: (o) => o.source === 'modelQueries',
    })
    .addTextInput({
      path: 'hostSelector',
      name: 'Host selector',
      description: 'PromQL label matchers choosing the hosts, e.g. job="node" or instance=~"web-.*"',
      category: FEATURES,
      defaultValue: DEFAULT_PANEL_OPTIONS.hostSelector,
      showIf: (o) => o.source === 'modelQueries',
    })
    .addTextInput({
      path: 'backendUid',
      name: 'Sentinel risk datasource uid',
      description: 'Where the model is loaded from, so the panel runs what the alert rules run (empty: the first one)',
      category: MODEL,
      defaultValue: DEFAULT_PANEL_OPTIONS.backendUid,
    })
    .addTextInput({
      path: 'modelVersion',
      name: 'Model version',
      description: 'Empty: the version active on the backend',
      category: MODEL,
      defaultValue: DEFAULT_PANEL_OPTIONS.modelVersion,
    })
    .addRadio({
      path: 'thresholdSource',
      name: 'Threshold',
      category: MODEL,
      defaultValue: DEFAULT_PANEL_OPTIONS.thresholdSource,
      settings: {
        options: [
          { value: 'model', label: "Model's (the alert rule's)" },
          { value: 'custom', label: 'Custom' },
        ],
      },
    })
    .addSliderInput({
      path: 'threshold',
      name: 'Custom threshold',
      description: 'Risk (0–1) at which a predicted-failure episode starts',
      category: MODEL,
      defaultValue: DEFAULT_PANEL_OPTIONS.threshold,
      settings: { min: 0.05, max: 0.99, step: 0.01 },
      showIf: (o) => o.thresholdSource === 'custom',
    })
    .addNumberInput({
      path: 'horizonMinutes',
      name: 'Horizon (minutes)',
      description: 'Window drawn after each alert: when the failure is expected by',
      category: MODEL,
      defaultValue: DEFAULT_PANEL_OPTIONS.horizonMinutes,
      settings: { min: 1, max: 240, integer: true },
    })
    .addNumberInput({
      path: 'maxHosts',
      name: 'Hosts shown',
      category: DISPLAY,
      defaultValue: DEFAULT_PANEL_OPTIONS.maxHosts,
      settings: { min: 1, max: 200, integer: true },
    })
    .addSelect({
      path: 'sortBy',
      name: 'Sort by',
      category: DISPLAY,
      defaultValue: DEFAULT_PANEL_OPTIONS.sortBy,
      settings: {
        options: [
          { value: 'currentRisk', label: 'Current risk' },
          { value: 'peakRisk', label: 'Peak risk' },
          { value: 'name', label: 'Name' },
        ],
      },
    })
    .addBooleanSwitch({ path: 'showEpisodes', name: 'Predicted-failure episodes', category: DISPLAY, defaultValue: DEFAULT_PANEL_OPTIONS.showEpisodes })
    .addRadio({
      path: 'inferenceBackend',
      name: 'Inference backend',
      description: 'Auto: WebGL, then WebAssembly, then JavaScript (WebGL skipped when the browser emulates it in software)',
      category: MODEL,
      defaultValue: DEFAULT_PANEL_OPTIONS.inferenceBackend,
      settings: {
        options: [
          { value: 'auto', label: 'Auto' },
          { value: 'webgl', label: 'WebGL' },
          { value: 'wasm', label: 'WebAssembly' },
          { value: 'cpu', label: 'JavaScript' },
        ],
      },
    })
    .addBooleanSwitch({ path: 'showAlertHistory', name: 'Alert history and annotations', category: DISPLAY, defaultValue: DEFAULT_PANEL_OPTIONS.showAlertHistory })
);
