// npm run db:migrate applies pending migrations; npm run db:revert undoes the newest one.
// Uses DATABASE_URL, or the embedded development database when it is unset.
import { Logger } from '@nestjs/common';
import {
  enabledLogLevels,
  loadConfig,
  migrateDatabase,
  openDataSource,
  resolveDatabase,
  RuntimeConfig,
} from '@curation/sdk';

async function main(): Promise<void> {
  const config = loadConfig(RuntimeConfig, process.env);
  Logger.overrideLogger(enabledLogLevels(config.LOG_LEVEL));
  const { url, stop } = await resolveDatabase(config);
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
