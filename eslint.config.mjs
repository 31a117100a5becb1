import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

const testFiles = [
  '**/*.spec.ts',
  '**/*.integration-spec.ts',
  '**/lib/testing/**/*.ts',
  '**/lib/fixtures/**/*.ts',
  '**/src/testing.ts',
];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/tmp/**', '**/.data/**', '**/.nx/**', '**/*.cjs', '**/*.mjs'] },
  ...nx.configs['flat/base'],
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'scope:api', onlyDependOnLibsWithTags: ['scope:api', 'scope:shared'] },
            { sourceTag: 'scope:worker', onlyDependOnLibsWithTags: ['scope:worker', 'scope:shared'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            // The SDK knows the database and the rules: no HTTP framework, no scheduler.
            {
              sourceTag: 'scope:shared',
              bannedExternalImports: ['@nestjs/platform-express', 'express', '@nestjs/swagger', '@nestjs/schedule'],
            },
            { sourceTag: 'scope:api', bannedExternalImports: ['@nestjs/schedule'] },
            {
              sourceTag: 'scope:worker',
              bannedExternalImports: ['@nestjs/platform-express', 'express', '@nestjs/swagger'],
            },
          ],
        },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
      eqeqeq: ['error', 'always'],
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: '@curation/sdk/testing', message: 'test helpers are for *.spec.ts / *.integration-spec.ts only' },
            { name: '@curation/integrations/testing', message: 'the fake Places server is for tests only' },
          ],
          patterns: [
            '@curation/sdk/src/*',
            '**/libs/curation-sdk/src/*',
            '@curation/integrations/src/*',
            '**/libs/integrations/src/*',
          ],
        },
      ],
      // Configuration is validated once (class-validator) in config/ files; everything else receives it.
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'read configuration through the validated config classes (config/*.config.ts)',
        },
      ],
    },
  },
  {
    // The API never runs a workflow: the handlers and the clients they use stay out of its build.
    files: ['apps/api/**/*.ts'],
    ignores: testFiles,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: '@curation/sdk/testing', message: 'test helpers are for *.spec.ts / *.integration-spec.ts only' },
            { name: '@curation/integrations/testing', message: 'the fake Places server is for tests only' },
            { name: '@curation/sdk/worker', message: 'handlers and their clients are worker-only' },
            { name: '@curation/integrations', message: 'the API does not fetch sites or call Google' },
          ],
          patterns: [
            '@curation/sdk/src/*',
            '**/libs/curation-sdk/src/*',
            '@curation/integrations/src/*',
            '**/libs/integrations/src/*',
          ],
        },
      ],
    },
  },
  {
    files: ['**/config/**/*.ts', '**/main.ts', 'tools/**/*.ts', ...testFiles],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: [...testFiles, 'tools/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
