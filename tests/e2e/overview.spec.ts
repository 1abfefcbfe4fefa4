import { expect, test } from './fixtures';
import { testIds } from '../../src/components/testIds';

// The fleet page replaced 0.1.0's overview page; its old URL still opens the fleet page.
test('the old overview URL opens the fleet page', async ({ gotoPage, page }) => {
  await gotoPage('/overview');
  await expect(page).toHaveURL(/\/a\/anomalysentinel-sentinel-app\/fleet/);
  await expect(page.getByRole('heading', { name: 'Fleet risk' })).toBeVisible();
  await expect(page.getByTestId(testIds.dataStatus.error)).toHaveCount(0);
});
