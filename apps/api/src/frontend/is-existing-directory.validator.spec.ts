import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { loadApiConfig } from '../config/api.config';

const base = { JWT_SECRET: 'unit-test-secret-that-is-at-least-32-characters' };

describe('FRONTEND_DIR validation at startup', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'frontend-dir-'));
    writeFileSync(join(dir, 'index.html'), '<p>hi</p>');
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is optional: unset or empty serves nothing', () => {
    expect(loadApiConfig(base).FRONTEND_DIR).toBeUndefined();
    expect(loadApiConfig({ ...base, FRONTEND_DIR: '' }).FRONTEND_DIR).toBeUndefined();
  });

  it('accepts an existing directory', () => {
    expect(loadApiConfig({ ...base, FRONTEND_DIR: dir }).FRONTEND_DIR).toBe(dir);
  });

  it.each([
    ['a path that does not exist', () => join(dir, 'nope')],
    ['a file', () => join(dir, 'index.html')],
  ])('refuses %s, naming the setting', (_case, path) => {
    expect(() => loadApiConfig({ ...base, FRONTEND_DIR: path() })).toThrow(
      /FRONTEND_DIR must be an existing directory/,
    );
  });
});
