import { expect, test } from './fixtures';
import { configTestIds as ids } from '../../src/components/AppConfig/testIds';
import { ALERT_RULE_UID } from '../../src/components/AppConfig/alertRules';

// Runs against the docker compose stack: provisioning/ gives Grafana the Prometheus and Sentinel
// datasources, the app's settings (plugins/apps.yaml), the dashboards and the failure-risk rule.
// Serial: the tests save the same app settings, and one saving while another reloads would race.
test.describe.configure({ mode: 'serial' });

test('the app config page saves the alert threshold and shows it after reload', async ({ appConfigPage, page }) => {
  const threshold = page.getByTestId(ids.threshold);
  await threshold.fill('0.85');
  const saved = appConfigPage.waitForSettingsResponse();
  await page.getByTestId(ids.submit).click();
  await expect(saved).toBeOK();
  await page.reload();
  await expect(page.getByTestId(ids.threshold)).toHaveValue('0.85');
});

test('the app config page refuses a threshold outside (0, 1)', async ({ appConfigPage, page }) => {
  await page.getByTestId(ids.threshold).fill('1.5');
  await page.getByTestId(ids.submit).click();
  await expect(page.getByTestId(ids.error)).toContainText('between 0 and 1');
  expect(appConfigPage).toBeTruthy();
});

test('the pickers show the provisioned datasources and saving keeps them', async ({ appConfigPage, page }) => {
  await expect(page.getByTestId(ids.prometheusPicker)).toContainText('Prometheus');
  await expect(page.getByTestId(ids.sentinelPicker)).toContainText('Sentinel risk');
  const saved = appConfigPage.waitForSettingsResponse();
  await page.getByTestId(ids.submit).click();
  await expect(saved).toBeOK();
  const settings = await page.request.get('/api/plugins/anomalysentinel-sentinel-app/settings');
  expect(settings.ok()).toBeTruthy();
  const { jsonData } = await settings.json();
  expect(jsonData).toMatchObject({
    prometheusDatasourceUid: 'prometheus',
    sentinelDatasourceUid: 'sentinel-risk',
    hostSelector: 'job="node"',
  });
  expect(jsonData.featureQueries).toBeUndefined();
});

test('testing the features resolves the compose stack’s node_exporter host', async ({ appConfigPage, page }) => {
  expect(appConfigPage).toBeTruthy();
  await page.getByTestId(ids.testFeatures).click();
  // provisioning/prometheus/prometheus.yml labels the one scraped node_exporter instance="dev-host".
  await expect(page.getByTestId(ids.featureCheck('memory_used'))).toContainText('resolves (1 host: dev-host)', {
    timeout: 30_000,
  });
  await expect(page.getByTestId(ids.featureCheck('filesystem_used'))).toContainText(/resolves|no data/);
});

test('the failure-risk alert rule is provisioned on the Sentinel datasource, and the install button leaves it alone', async ({
  appConfigPage,
  page,
}) => {
  const response = await page.request.get(`/api/v1/provisioning/alert-rules/${ALERT_RULE_UID}`);
  expect(response.ok()).toBeTruthy();
  const rule = await response.json();
  expect(rule.provenance).toBe('file');
  expect(rule.labels).toMatchObject({ severity: 'critical', source: 'anomaly-sentinel' });
  expect(rule.data[0]).toMatchObject({ refId: 'A', datasourceUid: 'sentinel-risk', queryType: 'risk' });
  expect(rule.data[0].model).toMatchObject({ queryType: 'risk', hostSelector: 'job="node"', output: 'risk' });
  expect(rule.data.map((d: { refId: string }) => d.refId)).toEqual(['A', 'B', 'C', 'D', 'E']);
  expect(rule.annotations.top_features).toContain('$values.E');

  expect(appConfigPage).toBeTruthy();
  await page.getByTestId(ids.installAlertRules).click();
  await expect(page.getByTestId(ids.installAlertRulesResult)).toContainText('loaded from a provisioning file');
});

test('installing the dashboards saves them in the app folder on the picked datasources', async ({
  appConfigPage,
  page,
}) => {
  expect(appConfigPage).toBeTruthy();
  await page.getByTestId(ids.installDashboards).click();
  const result = page.getByTestId(ids.installDashboardsResult);
  await expect(result).toContainText('Dashboards installed');
  await expect(result.getByRole('link', { name: 'Fleet risk' })).toBeVisible();

  const response = await page.request.get('/api/dashboards/uid/sentinel-fleet-risk');
  expect(response.ok()).toBeTruthy();
  const { dashboard, meta } = await response.json();
  expect(meta.folderTitle).toBe('Anomaly Sentinel');
  expect(dashboard.panels[1].targets[0]).toMatchObject({ datasource: { uid: 'sentinel-risk' }, queryType: 'risk' });
});
