import { expect, test } from './fixtures';
import { testIds } from '../../src/components/testIds';

test('the fleet page renders and links to the configuration', async ({ gotoPage, page }) => {
  await gotoPage('/overview');
  await expect(page.getByTestId(testIds.overview.container)).toBeVisible();
  await expect(page.getByTestId(testIds.overview.configLink)).toBeVisible();
});
