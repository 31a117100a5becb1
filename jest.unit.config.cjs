const preset = require('./jest.preset.cjs');

module.exports = {
  ...preset,
  displayName: 'unit',
  testMatch: ['**/*.spec.ts'],
};
