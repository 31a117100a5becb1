// npm test: every tier, in the order a reviewer reads them. Stops at the first failing step.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(__dirname, '..', '..');
const nx = resolve(root, 'node_modules/.bin/nx');
const jest = resolve(root, 'node_modules/.bin/jest');

const steps: readonly { name: string; command: string; args: readonly string[] }[] = [
  { name: 'format', command: resolve(root, 'node_modules/.bin/prettier'), args: ['--check', '.'] },
  { name: 'lint', command: nx, args: ['run-many', '-t', 'lint', '--outputStyle=static', '--skip-nx-cache'] },
  { name: 'typecheck', command: nx, args: ['run-many', '-t', 'typecheck', '--outputStyle=static', '--skip-nx-cache'] },
  // The console's API types against what the API describes now (tools/scripts/openapi.ts).
  {
    name: 'openapi client',
    command: process.execPath,
    args: [resolve(root, 'tools/scripts/run-ts.cjs'), 'apps/api/src/openapi/export-openapi.ts', '--check'],
  },
  // Per project (the same cached targets `nx affected -t test` uses); the verdict here is always fresh.
  { name: 'unit tests', command: nx, args: ['run-many', '-t', 'test', '--outputStyle=static', '--skip-nx-cache'] },
  { name: 'integration tests', command: jest, args: ['-c', 'jest.int.config.cjs'] },
  {
    name: 'migration gate',
    command: nx,
    args: ['run', 'curation-sdk:migration-check', '--outputStyle=static', '--skip-nx-cache'],
  },
  { name: 'build', command: nx, args: ['run-many', '-t', 'build', '--outputStyle=static', '--skip-nx-cache'] },
];

let passed = 0;
for (const step of steps) {
  const started = Date.now();
  process.stdout.write(`\n=== ${step.name} ===\n`);
  const result = spawnSync(step.command, step.args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NX_DAEMON: 'false', TZ: 'UTC' },
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    process.stdout.write(`\n=== ${step.name} FAILED after ${seconds} s ===\ntest-all: ${passed} passed, 1 failed\n`);
    process.exit(result.status ?? 1);
  }
  process.stdout.write(`=== ${step.name} passed in ${seconds} s ===\n`);
  passed += 1;
}
process.stdout.write(`\ntest-all: ${passed} passed, 0 failed\n`);
