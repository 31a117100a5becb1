// npm run db:migrate applies pending migrations; npm run db:revert undoes the newest one.
// Uses DATABASE_URL, or the embedded development database when it is unset.
import { Logger } from '@nestjs/common';
import {
  enabledLogLevels,
  RuntimeConfig,
  EMBEDDED_DATABASE_NAME,
  ensureDatabaseExists,
  loadConfig,
  migrateDatabase,
  openDataSource,
  startEmbeddedPostgres,
  withDatabase,
} from '@curation/sdk';

async function main(): Promise<void> {
  const config = loadConfig(RuntimeConfig, process.env);
  Logger.overrideLogger(enabledLogLevels(config.LOG_LEVEL));
  let url = config.DATABASE_URL;
  let stop = async (): Promise<void> => undefined;
  if (!url) {
    const embedded = await startEmbeddedPostgres({ dataDir: config.EMBEDDED_PG_DIR });
    await ensureDatabaseExists(embedded.url, EMBEDDED_DATABASE_NAME);
    url = withDatabase(embedded.url, EMBEDDED_DATABASE_NAME);
    stop = embedded.startedHere ? () => embedded.stop() : stop;
  }
  const logger = new Logger('Migrations');
  try {
    if (process.argv.includes('--revert')) {
      const dataSource = await openDataSource({ url, applicationName: 'curation-migrate' });
      try {
        await dataSource.undoLastMigration({ transaction: 'each' });
      } finally {
        await dataSource.destroy();
      }
      logger.log('reverted the newest migration');
    } else {
      const applied = await migrateDatabase(url);
      if (applied.length === 0) logger.log('database is up to date');
    }
  } finally {
    await stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`migration failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
