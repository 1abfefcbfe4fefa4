// force timezone to UTC to allow tests to work regardless of local timezone
// generally used by snapshots, but can affect specific tests
process.env.TZ = 'UTC';

const scaffoldConfig = require('./.config/jest.config');

// @grafana/data 12.4 pulls in ESM-only .mjs files (d3-color); the scaffold transforms .js/.ts only.
const swcTransform = Object.values(scaffoldConfig.transform)[0];
const grafanaConfig = { ...scaffoldConfig, transform: { ...scaffoldConfig.transform, '^.+\\.mjs$': swcTransform } };

// Node-side code (dataset replay, the CLI, the model runtime) is tested in Node, where tfjs and
// fs behave as in production; components are tested in jsdom with Grafana's setup.
const nodeSideDirs = ['replay', 'cli', 'model'];
const nodeSideMatch = nodeSideDirs.map((dir) => `<rootDir>/src/${dir}/**/*.test.ts`);

module.exports = {
  projects: [
    {
      ...grafanaConfig,
      displayName: 'browser',
      testPathIgnorePatterns: ['/node_modules/', ...nodeSideDirs.map((dir) => `<rootDir>/src/${dir}/`)],
    },
    {
      ...grafanaConfig,
      displayName: 'node',
      testEnvironment: 'node',
      setupFilesAfterEnv: [],
      testMatch: nodeSideMatch,
    },
  ],
};
