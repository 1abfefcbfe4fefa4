// Browser tests: the built plugin in Debian's headless Chromium (playwright-core), served by the
// grafanalite stand-in for Grafana over the real local stack. Run by scripts/test-all.
process.env.TZ = 'UTC';
const grafanaConfig = require('./.config/jest.config');

module.exports = {
  transform: grafanaConfig.transform,
  moduleNameMapper: grafanaConfig.moduleNameMapper,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/tests/browser/**/*.browser.test.ts'],
  testTimeout: 180_000,
};
