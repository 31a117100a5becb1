const preset = require('./jest.preset.cjs');

// Every integration file gets its own database cloned from a migrated template, so files can run in parallel.
module.exports = {
  ...preset,
  displayName: 'integration',
  testMatch: ['**/*.integration-spec.ts'],
  globalSetup: '<rootDir>/libs/curation-sdk/src/lib/testing/global-setup.ts',
  globalTeardown: '<rootDir>/libs/curation-sdk/src/lib/testing/global-teardown.ts',
  testTimeout: 60000,
  maxWorkers: 2,
};
