import { PanelPlugin } from '@grafana/data';
import { RiskPanel } from './components/RiskPanel';
import { DEFAULT_PANEL_OPTIONS, RiskPanelOptions } from './types';

export const plugin = new PanelPlugin<RiskPanelOptions>(RiskPanel).setPanelOptions((builder) =>
  builder
    .addSliderInput({
      path: 'threshold',
      name: 'Alert threshold',
      description: 'Risk (0–1) at which a predicted-failure alert is raised',
      defaultValue: DEFAULT_PANEL_OPTIONS.threshold,
      settings: { min: 0.05, max: 0.99, step: 0.01 },
    })
    .addNumberInput({
      path: 'horizonMinutes',
      name: 'Horizon (minutes)',
      description: 'How far ahead the risk looks',
      defaultValue: DEFAULT_PANEL_OPTIONS.horizonMinutes,
      settings: { min: 1, max: 240, integer: true },
    })
);
