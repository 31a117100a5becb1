import { Logger } from '@nestjs/common';
import { DatabaseConfig } from '../config/database.config';
import { openDataSource } from './data-source-options';
import { ensureDatabaseExists, startEmbeddedPostgres, withDatabase, EmbeddedPostgresHandle } from './embedded-postgres';
import { assertEnumsMatch } from './enum-check';
import { migrateDatabase } from './migrate';

export const EMBEDDED_DATABASE_NAME = 'curation';

export interface PreparedDatabase {
  readonly url: string;
  /** Set when this process started or reused the embedded cluster. */
  readonly embedded: EmbeddedPostgresHandle | undefined;
}

/**
 * What every process does before serving: find the database (DATABASE_URL, or the embedded default),
 * migrate when asked (always for the embedded one), and refuse to go on when the database's enum types
 * disagree with the code (throws EnumDriftError carrying the readable diff).
 */
export async function prepareDatabase(config: DatabaseConfig, applicationName: string): Promise<PreparedDatabase> {
  let url = config.DATABASE_URL;
  let embedded: EmbeddedPostgresHandle | undefined;
  let migrate = config.DB_MIGRATE_ON_START;
  if (!url) {
    embedded = await startEmbeddedPostgres({ dataDir: config.EMBEDDED_PG_DIR });
    await ensureDatabaseExists(embedded.url, EMBEDDED_DATABASE_NAME);
    url = withDatabase(embedded.url, EMBEDDED_DATABASE_NAME);
    migrate = true;
  }
  if (migrate) await migrateDatabase(url);
  const checker = await openDataSource({ url, readOnly: true, applicationName: `${applicationName}-enum-check`, poolMax: 1 });
  try {
    await assertEnumsMatch(checker);
  } finally {
    await checker.destroy();
  }
  new Logger('Database').log(`database ready${embedded ? ' (embedded)' : ''}; enum types match the code`);
  return { url, embedded };
}
