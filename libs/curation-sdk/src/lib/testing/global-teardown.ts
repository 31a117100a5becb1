import { Client } from 'pg';

import { EmbeddedPostgresHandle } from '../database/embedded-postgres';
import { TEST_SERVER_URL_ENV, TEST_TEMPLATE_DB_ENV } from './test-server';

export default async function globalTeardown(): Promise<void> {
  const embedded = (globalThis as { __curationEmbedded?: EmbeddedPostgresHandle }).__curationEmbedded;
  if (embedded) {
    await embedded.stop();
    return;
  }
  const serverUrl = process.env[TEST_SERVER_URL_ENV];
  const template = process.env[TEST_TEMPLATE_DB_ENV];
  if (!serverUrl || !template) return;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
