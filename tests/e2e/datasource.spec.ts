import { expect, test } from '@grafana/plugin-e2e';

// provisioning/datasources/datasources.yaml points "Sentinel risk" at the compose stack's Prometheus.
test('the provisioned Sentinel datasource passes Save & test against Prometheus', async ({ readProvisionedDataSource, gotoDataSourceConfigPage }) => {
  const ds = await readProvisionedDataSource({ fileName: 'datasources.yaml', name: 'Sentinel risk' });
  const configPage = await gotoDataSourceConfigPage(ds.uid);
  await expect(configPage.saveAndTest()).toBeOK();
  await expect(configPage).toHaveAlert('success', { hasText: /Prometheus .* reachable .* model default-.* loaded/ });
});

test('a query through the backend returns node_exporter data to the risk panel', async ({ readProvisionedDataSource, panelEditPage, page }) => {
  const ds = await readProvisionedDataSource({ fileName: 'datasources.yaml', name: 'Sentinel risk' });
  await panelEditPage.datasource.set(ds.name);
  await panelEditPage.setVisualization('Failure risk');
  await panelEditPage.getQueryEditorRow('A').getByTestId('data-testid qe-expr').fill('node_load1');
  await expect(panelEditPage.refreshPanel()).toBeOK();
  await expect(page.getByTestId('data-testid risk-panel-series').first()).toBeVisible();
});
