// npm run seed -- --count N [--seed S]: writes N realistic rows per table (more where needed to cover
// every enum label) into DATABASE_URL, or into the embedded development database when it is unset.
import { Logger } from '@nestjs/common';

import {
  enabledLogLevels,
  loadConfig,
  messageOf,
  migrateDatabase,
  openDataSource,
  resolveDatabase,
  RuntimeConfig,
} from '@curation/sdk';
import { generateFixtures, insertFixtures } from '@curation/sdk/testing';

function flag(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  if (index === -1) return fallback;
  const value = Number(process.argv[index + 1]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer`);
  return value;
}

async function main(): Promise<void> {
  const count = flag('count', 100);
  const seed = flag('seed', 20251117);
  const config = loadConfig(RuntimeConfig, process.env);
  Logger.overrideLogger(enabledLogLevels(config.LOG_LEVEL));
  const { url, embedded, stop } = await resolveDatabase(config);
  if (embedded) await migrateDatabase(url);
  const dataSource = await openDataSource({ url, applicationName: 'curation-seed', poolMax: 2 });
  try {
    const started = Date.now();
    const counts = await insertFixtures(dataSource, generateFixtures({ count, seed }));
    new Logger('seed').log(
      `inserted ${Object.entries(counts)
        .map(([t, c]) => `${t}=${c}`)
        .join(', ')} in ${Date.now() - started} ms (seed ${seed})`,
    );
  } finally {
    await dataSource.destroy();
    await stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`seed failed: ${messageOf(error)}\n`);
  process.exit(1);
});
