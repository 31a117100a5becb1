// Data source for the TypeORM CLI (migration:generate --check, migration:show); the same options the
// apps use, so the CLI and the apps can never drift.
import { DataSource } from 'typeorm';

import { buildDataSourceOptions, DatabaseConfig, loadConfig } from '@curation/sdk';

const config = loadConfig(DatabaseConfig, process.env);
if (!config.DATABASE_URL) throw new Error('the TypeORM CLI needs DATABASE_URL');

export default new DataSource(
  buildDataSourceOptions({ url: config.DATABASE_URL, applicationName: 'curation-typeorm-cli' }),
);
