// npm run migration:check: the migration gate. Builds a fresh database from the migrations, then asks
// TypeORM's own `migration:generate --check` whether the entities want any change. Exit 1 when they do.
// Server: TEST_DATABASE_URL, else DATABASE_URL, else a throwaway embedded PostgreSQL.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';

import { Logger } from '@nestjs/common';
import { Client } from 'pg';

import { messageOf, migrateDatabase, startEmbeddedPostgres, withDatabase } from '@curation/sdk';

const root = resolve(__dirname, '..', '..');

async function main(): Promise<number> {
  Logger.overrideLogger(['error', 'warn']);
  let server = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  let stop = async (): Promise<void> => undefined;
  if (!server) {
    const embedded = await startEmbeddedPostgres({ dataDir: `.data/migration-check-${process.pid}`, ephemeral: true });
    server = embedded.url;
    stop = () => embedded.stop();
  }
  const name = `curation_migcheck_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  try {
    const url = withDatabase(server, name);
    await migrateDatabase(url);
    const result = spawnSync(
      process.execPath,
      [
        join(root, 'tools/scripts/run-ts.cjs'),
        join(root, 'node_modules/typeorm/cli.js'),
        'migration:generate',
        join(root, 'tmp/migration-check/PendingChanges'),
        '--check',
        '-d',
        join(root, 'tools/scripts/typeorm-cli.data-source.ts'),
      ],
      { env: { ...process.env, DATABASE_URL: url }, encoding: 'utf8' },
    );
    const output = `${result.stdout}${result.stderr}`.replace(/\x1b\[[0-9;]*m/g, '');
    if (result.status === 0) {
      process.stdout.write(
        'migration gate: entities and migrated database agree (typeorm migration:generate --check found no changes)\n',
      );
      return 0;
    }
    process.stderr.write(
      `migration gate FAILED: entities and migrations disagree. Write a migration for:\n${output}\n`,
    );
    return 1;
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
    await stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`migration gate could not run: ${messageOf(error)}\n`);
    process.exit(2);
  },
);
