import { expect, test } from './fixtures';
import { testIds } from '../../src/components/testIds';

// Against the docker compose stack: Prometheus scrapes one node_exporter as instance "dev-host",
// job "node", and the provisioned Sentinel datasource (uid sentinel-risk) reads it.

test('the fleet page ranks the compose host and links to its page', async ({ gotoPage, page }) => {
  await gotoPage('/fleet');
  await expect(page.getByRole('heading', { name: 'Fleet risk' })).toBeVisible();
  const hostLink = page.getByRole('link', { name: 'dev-host' });
  await expect(hostLink).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId(testIds.dataStatus.error)).toHaveCount(0);
  await hostLink.click();
  await expect(page).toHaveURL(/\/fleet\/host\/dev-host/);
  await expect(page.getByRole('heading', { name: 'dev-host' })).toBeVisible();
});

test('the host page explains the risk, lists alert history and shows the model features', async ({
  gotoPage,
  page,
}) => {
  await gotoPage('/fleet/host/dev-host');
  await expect(page.getByTestId(testIds.host.explanation)).toBeVisible();
  await expect(page.getByTestId(testIds.host.explanationRisk)).toContainText('Risk', { timeout: 60_000 });
  await expect(page.getByTestId(testIds.host.alertHistory)).toBeVisible();
  await expect(page.getByText('memory_used', { exact: true }).first()).toBeVisible();
});

test('the models page lists the shipped model as active', async ({ gotoPage, page }) => {
  await gotoPage('/models');
  const rows = page.getByTestId(testIds.models.row);
  await expect(rows.first()).toContainText('active', { timeout: 30_000 });
  await expect(page.getByTestId(testIds.models.loadError)).toHaveCount(0);
});

test('rolling back without a model directory shows the backend refusal', async ({ gotoPage, page }) => {
  await gotoPage('/models');
  await page.getByTestId(testIds.models.rollback).click();
  await expect(page.getByTestId(testIds.models.actionError)).toBeVisible();
});
