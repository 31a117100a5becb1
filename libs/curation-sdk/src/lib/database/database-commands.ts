import { Logger } from '@nestjs/common';

import { loadConfig } from '../config/load-config';
import { enabledLogLevels, RuntimeConfig } from '../config/runtime.config';
import { messageOf } from '../errors/message-of';
import { openDataSource } from './data-source-options';
import { checkEnums } from './enum-check';
import { formatEnumDrift } from './enum-drift';
import { migrateDatabase } from './migrate';
import { resolveDatabase, ResolvedDatabase } from './prepare-database';

/** The one-shot database commands every image carries: `node main.js <command>`. */
export const DATABASE_COMMANDS = ['migrate', 'revert', 'enum-check'] as const;
export type DatabaseCommand = (typeof DATABASE_COMMANDS)[number];

export const isDatabaseCommand = (value: string | undefined): value is DatabaseCommand =>
  (DATABASE_COMMANDS as readonly string[]).includes(value ?? '');

/**
 * Runs one command and returns the exit code. `migrate` applies pending migrations (the deploy step);
 * `revert` undoes the newest one; `enum-check` compares the database's enum labels with the code, read-only:
 * 0 all match, 1 drift (the diff on stderr), 2 could not check. The environment is validated here, once.
 */
export async function runDatabaseCommand(
  command: DatabaseCommand,
  env: Record<string, string | undefined>,
): Promise<number> {
  let database: ResolvedDatabase | undefined;
  try {
    const config = loadConfig(RuntimeConfig, env);
    // The enum check's report is its output; only problems are logged beside it.
    Logger.overrideLogger(command === 'enum-check' ? ['error', 'warn'] : enabledLogLevels(config.LOG_LEVEL));
    database = await resolveDatabase(config);
    if (command === 'migrate') return await migrate(database.url);
    if (command === 'revert') return await revert(database.url);
    if (database.embedded)
      process.stdout.write('DATABASE_URL is not set: checking the embedded development database\n');
    return await enumCheck(database.url);
  } catch (error) {
    const what = command === 'enum-check' ? 'enum check could not run' : `${command} failed`;
    process.stderr.write(`${what}: ${messageOf(error)}\n`);
    return 2;
  } finally {
    await database?.stop();
  }
}

async function migrate(url: string): Promise<number> {
  const applied = await migrateDatabase(url);
  if (applied.length === 0) new Logger('Migrations').log('database is up to date');
  return 0;
}

async function revert(url: string): Promise<number> {
  const dataSource = await openDataSource({ url, poolMax: 1, applicationName: 'curation-revert' });
  try {
    await dataSource.undoLastMigration({ transaction: 'each' });
  } finally {
    await dataSource.destroy();
  }
  new Logger('Migrations').log('reverted the newest migration');
  return 0;
}

async function enumCheck(url: string): Promise<number> {
  const dataSource = await openDataSource({ url, readOnly: true, poolMax: 1, applicationName: 'curation-enum-check' });
  try {
    const drifts = await checkEnums(dataSource);
    const drifted = drifts.some((d) => d.items.length > 0);
    (drifted ? process.stderr : process.stdout).write(`${formatEnumDrift(drifts)}\n`);
    return drifted ? 1 : 0;
  } finally {
    await dataSource.destroy();
  }
}

/**
 * Every app's entry point: `node main.js` starts the app, `node main.js migrate|revert|enum-check` runs that
 * one database step and exits with its code, anything else exits 2 saying what is accepted.
 */
export function startOrRunDatabaseCommand(
  argv: readonly string[],
  env: Record<string, string | undefined>,
  app: { name: string; start: () => Promise<void> },
): void {
  const command = argv[2];
  if (isDatabaseCommand(command)) {
    void runDatabaseCommand(command, env).then((code) => process.exit(code));
  } else if (command !== undefined) {
    process.stderr.write(
      `unknown command "${command}": expected no argument (start the ${app.name}) or one of ${DATABASE_COMMANDS.join(', ')}\n`,
    );
    process.exit(2);
  } else {
    app.start().catch((error: unknown) => {
      // Last resort: Nest's logger may not exist yet, and the enum diff must reach the operator verbatim.
      process.stderr.write(`${app.name} refused to start: ${messageOf(error)}\n`);
      process.exit(1);
    });
  }
}
