import { expect, test } from '@grafana/plugin-e2e';
import { panelTestIds } from '../../src/panel/testIds';

// Against the docker compose stack: the provisioned "Fleet risk" dashboard holds the risk panel in
// model-queries mode over the compose Prometheus (job "node", instance "dev-host").

test('the risk panel loads the backend model and draws risk for the compose host', async ({ gotoDashboardPage, page }) => {
  const dashboard = await gotoDashboardPage({ uid: 'sentinel-fleet-risk' });
  const panel = dashboard.getPanelByTitle('Failure risk by host (model in the browser)');
  await expect(panel.locator).toBeVisible();
  const drawn = page.getByTestId(panelTestIds.container);
  await expect(drawn).toBeVisible({ timeout: 120_000 });
  await expect(drawn).toHaveAttribute('data-backend', /webgl|wasm|cpu/);
  await expect(page.getByTestId(panelTestIds.rankingRow).filter({ hasText: 'dev-host' })).toBeVisible();
  await expect(page.getByTestId(panelTestIds.modelInfo)).toContainText('model ');
});

test('a new risk panel without a Prometheus datasource says what to pick', async ({ panelEditPage, page }) => {
  await panelEditPage.setVisualization('Failure risk');
  const state = page.getByTestId(panelTestIds.state);
  await expect(state).toHaveAttribute('data-state', 'error', { timeout: 120_000 });
  await expect(state).toContainText('Prometheus datasource');
});
