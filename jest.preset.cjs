// Shared Jest settings: SWC keeps decorator metadata (NestJS DI, TypeORM) without ts-jest's slowness.
const swcOptions = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', swcOptions] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@curation/sdk$': '<rootDir>/libs/curation-sdk/src/index.ts',
    '^@curation/sdk/testing$': '<rootDir>/libs/curation-sdk/src/testing.ts',
    '^@curation/sdk/worker$': '<rootDir>/libs/curation-sdk/src/worker.ts',
    '^@curation/integrations$': '<rootDir>/libs/integrations/src/index.ts',
    '^@curation/integrations/testing$': '<rootDir>/libs/integrations/src/testing.ts',
  },
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/tools'],
  setupFiles: ['<rootDir>/libs/curation-sdk/src/lib/testing/quiet-logs.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/.data/'],
};
