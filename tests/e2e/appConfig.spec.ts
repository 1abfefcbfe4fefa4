import { expect, test } from './fixtures';
import { testIds } from '../../src/components/testIds';

test('the app config page saves the alert threshold and shows it after reload', async ({ appConfigPage, page }) => {
  const threshold = page.getByTestId(testIds.appConfig.threshold);
  await threshold.fill('0.85');
  const saved = appConfigPage.waitForSettingsResponse();
  await page.getByTestId(testIds.appConfig.submit).click();
  await expect(saved).toBeOK();
  await page.reload();
  await expect(page.getByTestId(testIds.appConfig.threshold)).toHaveValue('0.85');
});

test('the app config page refuses a threshold outside (0, 1)', async ({ appConfigPage, page }) => {
  await page.getByTestId(testIds.appConfig.threshold).fill('1.5');
  await page.getByTestId(testIds.appConfig.submit).click();
  await expect(page.getByTestId(testIds.appConfig.error)).toContainText('between 0 and 1');
  expect(appConfigPage).toBeTruthy();
});
