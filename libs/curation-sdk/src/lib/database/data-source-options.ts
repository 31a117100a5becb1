import { DataSource, DataSourceOptions } from 'typeorm';
import { CURATION_ENTITIES } from '../entities';
import { CURATION_MIGRATIONS } from '../migrations';
import { SdkTypeOrmLogger } from './sdk-typeorm.logger';

export interface ConnectionSettings {
  readonly url: string;
  readonly poolMax?: number;
  readonly statementTimeoutMs?: number;
  readonly slowQueryMs?: number;
  readonly logSql?: boolean;
  /** Shown in pg_stat_activity, so operators can tell the API from the worker. */
  readonly applicationName?: string;
  /** Open every transaction read-only (the enum check uses this). */
  readonly readOnly?: boolean;
}

/** The one place TypeORM is configured: explicit entity and migration arrays, synchronize off. */
export function buildDataSourceOptions(settings: ConnectionSettings): DataSourceOptions {
  const pgOptions = [`-c statement_timeout=${settings.statementTimeoutMs ?? 30000}`];
  if (settings.readOnly) pgOptions.push('-c default_transaction_read_only=on');
  return {
    type: 'postgres',
    url: settings.url,
    entities: [...CURATION_ENTITIES],
    migrations: [...CURATION_MIGRATIONS],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    // gen_random_uuid() is built into PostgreSQL 13+; the default uuid-ossp would need an extension.
    uuidExtension: 'pgcrypto',
    // ...so TypeORM must not try to CREATE EXTENSION at connect (the embedded build ships no contrib).
    installExtensions: false,
    migrationsRun: false,
    logger: new SdkTypeOrmLogger(settings.logSql ?? false),
    maxQueryExecutionTime: settings.slowQueryMs || undefined,
    applicationName: settings.applicationName ?? 'curation',
    extra: { max: settings.poolMax ?? 10, options: pgOptions.join(' ') },
  };
}

export async function openDataSource(settings: ConnectionSettings): Promise<DataSource> {
  return new DataSource(buildDataSourceOptions(settings)).initialize();
}
