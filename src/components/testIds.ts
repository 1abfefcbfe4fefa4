/** Test ids shared by jest, the browser tests and the plugin-e2e specs. */
export const testIds = {
  appConfig: {
    prometheusUid: 'data-testid ac-prometheus-uid',
    horizon: 'data-testid ac-horizon',
    threshold: 'data-testid ac-threshold',
    error: 'data-testid ac-error',
    submit: 'data-testid ac-submit-form',
  },
  overview: {
    container: 'data-testid overview-container',
    configLink: 'data-testid overview-config-link',
  },
  datasourceConfig: {
    url: 'data-testid ds-url',
    authType: 'data-testid ds-auth-type',
    basicUser: 'data-testid ds-basic-user',
    basicPassword: 'data-testid ds-basic-password',
    bearerToken: 'data-testid ds-bearer-token',
    timeout: 'data-testid ds-timeout',
    maxSeries: 'data-testid ds-max-series',
    maxPoints: 'data-testid ds-max-points',
    modelDir: 'data-testid ds-model-dir',
    error: 'data-testid ds-error',
  },
  queryEditor: {
    expr: 'data-testid qe-expr',
    step: 'data-testid qe-step',
    instant: 'data-testid qe-instant',
  },
  riskPanel: {
    container: 'data-testid risk-panel',
    noData: 'data-testid risk-panel-no-data',
    series: 'data-testid risk-panel-series',
    threshold: 'data-testid risk-panel-threshold',
  },
};
