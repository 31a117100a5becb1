// npm run enum-check: compares every registered enum with the database's pg_enum, read-only.
// Exit codes: 0 all match, 1 drift (diff printed), 2 could not check (connection or config problem).
import { Logger } from '@nestjs/common';
import { checkEnums, DatabaseConfig, formatEnumDrift, loadConfig, openDataSource, resolveDatabase } from '@curation/sdk';

async function main(): Promise<number> {
  Logger.overrideLogger(['error', 'warn']);
  const config = loadConfig(DatabaseConfig, process.env);
  const database = await resolveDatabase(config);
  if (database.embedded) process.stdout.write('DATABASE_URL is not set: checking the embedded development database\n');
  const { url, stop } = database;
  const dataSource = await openDataSource({ url, readOnly: true, poolMax: 1, applicationName: 'curation-enum-check' });
  try {
    const drifts = await checkEnums(dataSource);
    const report = formatEnumDrift(drifts);
    const drifted = drifts.some((d) => d.items.length > 0);
    (drifted ? process.stderr : process.stdout).write(`${report}\n`);
    return drifted ? 1 : 0;
  } finally {
    await dataSource.destroy();
    await stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`enum check could not run: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
