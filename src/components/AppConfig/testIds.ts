import { testIds } from '../testIds';

/**
 * Test ids of the config page, used by its jest tests and tests/e2e/appConfig.spec.ts. The
 * first five live in ../testIds.ts (shared with older specs); the rest are the page's own.
 */
export const configTestIds = {
  ...testIds.appConfig,
  /** Wraps the Prometheus DataSourcePicker (it takes no test id of its own). */
  prometheusPicker: testIds.appConfig.prometheusUid,
  sentinelPicker: 'data-testid ac-sentinel-uid',
  hostSelector: 'data-testid ac-host-selector',
  saved: 'data-testid ac-saved',
  featureTable: 'data-testid ac-feature-table',
  featureTemplate: (name: string) => `data-testid ac-feature-template-${name}`,
  featureReset: (name: string) => `data-testid ac-feature-reset-${name}`,
  featureState: (name: string) => `data-testid ac-feature-state-${name}`,
  featureCheck: (name: string) => `data-testid ac-feature-check-${name}`,
  testFeatures: 'data-testid ac-test-features',
  testFeaturesError: 'data-testid ac-test-features-error',
  installDashboards: 'data-testid ac-install-dashboards',
  installAlertRules: 'data-testid ac-install-alert-rules',
  installDashboardsResult: 'data-testid ac-install-dashboards-result',
  installAlertRulesResult: 'data-testid ac-install-alert-rules-result',
  installError: 'data-testid ac-install-error',
};
