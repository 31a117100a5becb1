import { Logger } from '@nestjs/common';
import { DatabaseConfig } from '../config/database.config';
import { loadConfig } from '../config/load-config';
import { openDataSource } from './data-source-options';
import { checkEnums } from './enum-check';
import { formatEnumDrift } from './enum-drift';
import { migrateDatabase } from './migrate';
import { resolveDatabase } from './prepare-database';

/** The one-shot database commands every image carries: `node main.js <command>`. */
export const DATABASE_COMMANDS = ['migrate', 'revert', 'enum-check'] as const;
export type DatabaseCommand = (typeof DATABASE_COMMANDS)[number];

export const isDatabaseCommand = (value: string | undefined): value is DatabaseCommand => (DATABASE_COMMANDS as readonly string[]).includes(value ?? '');

/**
 * Runs one command and returns the exit code. `migrate` applies pending migrations (the deploy step);
 * `revert` undoes the newest one; `enum-check` compares the database's enum labels with the code, read-only:
 * 0 all match, 1 drift (the diff on stderr), 2 could not check.
 */
export async function runDatabaseCommand(command: DatabaseCommand, env: Record<string, string | undefined>): Promise<number> {
  const logger = new Logger(command === 'enum-check' ? 'EnumCheck' : 'Migrations');
  let config: DatabaseConfig;
  try {
    config = loadConfig(DatabaseConfig, env);
  } catch (error) {
    process.stderr.write(`${command} could not run: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  try {
    const database = await resolveDatabase(config);
    try {
      if (command === 'migrate') {
        const applied = await migrateDatabase(database.url);
        if (applied.length === 0) logger.log('database is up to date');
        return 0;
      }
      const dataSource = await openDataSource({ url: database.url, readOnly: command === 'enum-check', poolMax: 1, applicationName: `curation-${command}` });
      try {
        if (command === 'revert') {
          await dataSource.undoLastMigration({ transaction: 'each' });
          logger.log('reverted the newest migration');
          return 0;
        }
        if (database.embedded) process.stdout.write('DATABASE_URL is not set: checking the embedded development database\n');
        const drifts = await checkEnums(dataSource);
        const drifted = drifts.some((d) => d.items.length > 0);
        (drifted ? process.stderr : process.stdout).write(`${formatEnumDrift(drifts)}\n`);
        return drifted ? 1 : 0;
      } finally {
        await dataSource.destroy();
      }
    } finally {
      await database.stop();
    }
  } catch (error) {
    const what = command === 'enum-check' ? 'enum check could not run' : `${command} failed`;
    process.stderr.write(`${what}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
}

/**
 * Every app's entry point: `node main.js` starts the app, `node main.js migrate|revert|enum-check` runs that
 * one database step and exits with its code, anything else exits 2 saying what is accepted.
 */
export function startOrRunDatabaseCommand(argv: readonly string[], env: Record<string, string | undefined>, app: { name: string; start: () => Promise<void> }): void {
  const command = argv[2];
  if (isDatabaseCommand(command)) {
    void runDatabaseCommand(command, env).then((code) => process.exit(code));
  } else if (command !== undefined) {
    process.stderr.write(`unknown command "${command}": expected no argument (start the ${app.name}) or one of ${DATABASE_COMMANDS.join(', ')}\n`);
    process.exit(2);
  } else {
    app.start().catch((error: unknown) => {
      // Last resort: Nest's logger may not exist yet, and the enum diff must reach the operator verbatim.
      process.stderr.write(`${app.name} refused to start: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    });
  }
}
