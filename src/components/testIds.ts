/** Test ids shared by jest, the browser tests and the plugin-e2e specs. */
export const testIds = {
  appConfig: {
    prometheusUid: 'data-testid ac-prometheus-uid',
    horizon: 'data-testid ac-horizon',
    threshold: 'data-testid ac-threshold',
    error: 'data-testid ac-error',
    submit: 'data-testid ac-submit-form',
  },
  dataStatus: {
    error: 'data-testid data-status-error',
    empty: 'data-testid data-status-empty',
  },
  fleet: {
    intro: 'data-testid fleet-intro',
  },
  host: {
    explanation: 'data-testid host-explanation',
    explanationRisk: 'data-testid host-explanation-risk',
    contribution: 'data-testid host-contribution',
    explanationError: 'data-testid host-explanation-error',
    explanationHead: 'data-testid host-explanation-head',
    alertHistory: 'data-testid host-alert-history',
    alertRow: 'data-testid host-alert-row',
    alertHistoryEmpty: 'data-testid host-alert-history-empty',
    alertHistoryError: 'data-testid host-alert-history-error',
    featuresNotice: 'data-testid host-features-notice',
  },
  models: {
    list: 'data-testid models-list',
    row: 'data-testid models-row',
    activate: 'data-testid models-activate',
    rollback: 'data-testid models-rollback',
    actionError: 'data-testid models-action-error',
    actionDone: 'data-testid models-action-done',
    loadError: 'data-testid models-load-error',
    adminOnly: 'data-testid models-admin-only',
    leadByKind: 'data-testid models-lead-by-kind',
  },
};
