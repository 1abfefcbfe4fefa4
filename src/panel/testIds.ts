/** Test ids of the risk panel, shared by jest, the browser tests and the plugin-e2e specs. */
export const panelTestIds = {
  container: 'data-testid risk-panel',
  state: 'data-testid risk-panel-state',
  progress: 'data-testid risk-panel-progress',
  chart: 'data-testid risk-panel-chart',
  episode: 'data-testid risk-panel-episode',
  annotation: 'data-testid risk-panel-annotation',
  tooltip: 'data-testid risk-panel-tooltip',
  ranking: 'data-testid risk-panel-ranking',
  rankingRow: 'data-testid risk-panel-ranking-row',
  preview: 'data-testid risk-panel-threshold-preview',
  previewSlider: 'data-testid risk-panel-threshold-preview-slider',
  modelInfo: 'data-testid risk-panel-model',
};
