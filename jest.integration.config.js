// Integration tests against the real local stack (scripts/stack start) and the built plugin.
// Run by scripts/test-all after the stack is up; they fail, not skip, when it is down.
process.env.TZ = 'UTC';
const grafanaConfig = require('./.config/jest.config');

module.exports = {
  transform: grafanaConfig.transform,
  moduleNameMapper: grafanaConfig.moduleNameMapper,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/tests/integration/**/*.test.ts'],
  testTimeout: 120_000,
};
