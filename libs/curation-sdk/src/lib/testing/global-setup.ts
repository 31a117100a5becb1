import { Logger } from '@nestjs/common';
import { Client } from 'pg';

import { startEmbeddedPostgres, withDatabase } from '../database/embedded-postgres';
import { migrateDatabase } from '../database/migrate';
import { TEST_DB_PREFIX, TEST_SERVER_URL_ENV, TEST_TEMPLATE_DB_ENV } from './test-server';

/**
 * Integration-tier setup: use TEST_DATABASE_URL's server, or start an embedded PostgreSQL, then build a
 * template database with the real migrations. Each test file clones the template (createTestDatabase),
 * so files never see each other's rows and can run in parallel.
 */
export default async function globalSetup(): Promise<void> {
  process.env.TZ = 'UTC';
  Logger.overrideLogger(['error', 'warn']);
  let serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const embedded = await startEmbeddedPostgres({ dataDir: `.data/test-postgres-${process.pid}`, ephemeral: true });
    (globalThis as { __curationEmbedded?: typeof embedded }).__curationEmbedded = embedded;
    serverUrl = embedded.url;
  }
  const template = `${TEST_DB_PREFIX}tpl_${process.pid}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${template}"`);
    await admin.query(`CREATE DATABASE "${template}"`);
  } finally {
    await admin.end();
  }
  await migrateDatabase(withDatabase(serverUrl, template));
  process.env[TEST_SERVER_URL_ENV] = serverUrl;
  process.env[TEST_TEMPLATE_DB_ENV] = template;
}
