import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { getMetadataStorage } from 'class-validator';

import { ApiConfig } from './api.config';

describe('API configuration reference', () => {
  it('documents every variable the API validates (its own and the shared ones) in docs/operations.md', () => {
    const runbook = readFileSync(resolve(__dirname, '../../../../docs/operations.md'), 'utf8');
    const variables = [
      ...new Set(
        getMetadataStorage()
          .getTargetValidationMetadatas(ApiConfig, '', true, false)
          .map((m) => m.propertyName),
      ),
    ];
    expect(variables).toEqual(
      expect.arrayContaining(['DATABASE_URL', 'JWT_SECRET', 'PORT', 'LOG_LEVEL', 'SHUTDOWN_DEADLINE_MS']),
    );
    expect(variables.filter((name) => !runbook.includes(`| \`${name}\` |`))).toEqual([]);
  });
});
