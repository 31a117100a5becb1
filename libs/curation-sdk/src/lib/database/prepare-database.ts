import { Logger } from '@nestjs/common';

import { DatabaseConfig } from '../config/database.config';
import { ConnectionSettings, openDataSource } from './data-source-options';
import { EmbeddedPostgresHandle, ensureDatabaseExists, startEmbeddedPostgres, withDatabase } from './embedded-postgres';
import { assertEnumsMatch } from './enum-check';
import { migrateDatabase } from './migrate';

export const EMBEDDED_DATABASE_NAME = 'curation';

export interface ResolvedDatabase {
  readonly url: string;
  /** Set when DATABASE_URL was unset and the embedded cluster was started or reused. */
  readonly embedded: EmbeddedPostgresHandle | undefined;
  /** Stops the embedded cluster if this process started it; otherwise does nothing. */
  stop(): Promise<void>;
}

/** DATABASE_URL, or the embedded development database (started or reused, `curation` created if missing). */
export async function resolveDatabase(config: DatabaseConfig): Promise<ResolvedDatabase> {
  if (config.DATABASE_URL) return { url: config.DATABASE_URL, embedded: undefined, stop: async () => undefined };
  const embedded = await startEmbeddedPostgres({ dataDir: config.EMBEDDED_PG_DIR });
  await ensureDatabaseExists(embedded.url, EMBEDDED_DATABASE_NAME);
  return {
    url: withDatabase(embedded.url, EMBEDDED_DATABASE_NAME),
    embedded,
    stop: () => (embedded.startedHere ? embedded.stop() : Promise.resolve()),
  };
}

/**
 * What every process does before serving: find the database (DATABASE_URL, or the embedded default),
 * migrate when asked (always for the embedded one), and refuse to go on when the database's enum types
 * disagree with the code (throws EnumDriftError carrying the readable diff).
 */
export async function prepareDatabase(config: DatabaseConfig, applicationName: string): Promise<ResolvedDatabase> {
  const database = await resolveDatabase(config);
  const { url, embedded } = database;
  if (embedded || config.DB_MIGRATE_ON_START) await migrateDatabase(url);
  const checker = await openDataSource({
    url,
    readOnly: true,
    applicationName: `${applicationName}-enum-check`,
    poolMax: 1,
  });
  try {
    await assertEnumsMatch(checker);
  } finally {
    await checker.destroy();
  }
  new Logger('Database').log(`database ready${embedded ? ' (embedded)' : ''}; enum types match the code`);
  return database;
}

/** The SDK module's connection settings for an app, from its validated config. */
export function connectionSettings(config: DatabaseConfig, url: string, applicationName: string): ConnectionSettings {
  return {
    url,
    poolMax: config.DB_POOL_MAX,
    statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS,
    queryTimeoutMs: config.DB_QUERY_TIMEOUT_MS,
    connectTimeoutMs: config.DB_CONNECT_TIMEOUT_MS,
    idleTimeoutMs: config.DB_IDLE_TIMEOUT_MS,
    keepAliveInitialDelayMs: config.DB_KEEPALIVE_INITIAL_DELAY_MS,
    slowQueryMs: config.DB_SLOW_QUERY_MS,
    logSql: config.DB_LOG_SQL,
    applicationName,
  };
}
