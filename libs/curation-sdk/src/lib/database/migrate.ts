import { Logger } from '@nestjs/common';

import { openDataSource } from './data-source-options';

/** Applies every pending migration, each in its own transaction; returns the names applied. */
export async function migrateDatabase(url: string): Promise<string[]> {
  const dataSource = await openDataSource({ url, applicationName: 'curation-migrate' });
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    if (applied.length > 0)
      new Logger('Migrations').log(`applied ${applied.length}: ${applied.map((m) => m.name).join(', ')}`);
    return applied.map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
}

/** Reverts every applied migration, newest first; returns how many were reverted. */
export async function revertAllMigrations(url: string): Promise<number> {
  const dataSource = await openDataSource({ url, applicationName: 'curation-migrate' });
  try {
    let reverted = 0;
    while ((await dataSource.query(`SELECT count(*)::int AS n FROM "migrations"`))[0].n > 0) {
      await dataSource.undoLastMigration({ transaction: 'each' });
      reverted += 1;
    }
    return reverted;
  } finally {
    await dataSource.destroy();
  }
}
