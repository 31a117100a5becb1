import { DataSource, DataSourceOptions } from 'typeorm';

import { CURATION_ENTITIES } from '../entities';
import { CURATION_MIGRATIONS } from '../migrations';
import { SdkTypeOrmLogger } from './sdk-typeorm.logger';

export interface ConnectionSettings {
  readonly url: string;
  readonly poolMax?: number;
  /**
   * Server-side statement_timeout. Unset: none, for one-shot commands and migrations (which may rewrite
   * whole tables); the apps pass DB_STATEMENT_TIMEOUT_MS.
   */
  readonly statementTimeoutMs?: number;
  /** Client-side pg `query_timeout`; unset: none. */
  readonly queryTimeoutMs?: number;
  /** Connect, and wait for a free pooled connection (pg-pool uses one timer for both). */
  readonly connectTimeoutMs?: number;
  readonly idleTimeoutMs?: number;
  readonly keepAliveInitialDelayMs?: number;
  readonly slowQueryMs?: number;
  readonly logSql?: boolean;
  /** Shown in pg_stat_activity, so operators can tell the API from the worker. */
  readonly applicationName?: string;
  /** Open every transaction read-only (the enum check uses this). */
  readonly readOnly?: boolean;
}

/** Defaults of the pool bounds when a caller gives none (the apps pass their validated DatabaseConfig). */
export const POOL_DEFAULTS = { connectTimeoutMs: 10000, idleTimeoutMs: 30000, keepAliveInitialDelayMs: 10000 } as const;

/** The one place TypeORM is configured: explicit entity and migration arrays, synchronize off. */
export function buildDataSourceOptions(settings: ConnectionSettings): DataSourceOptions {
  const pgOptions = [`-c statement_timeout=${settings.statementTimeoutMs ?? 0}`];
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
    // pg's own option names: pg-pool reads max/connectionTimeoutMillis/idleTimeoutMillis, pg.Client the rest.
    extra: {
      max: settings.poolMax ?? 10,
      options: pgOptions.join(' '),
      connectionTimeoutMillis: settings.connectTimeoutMs ?? POOL_DEFAULTS.connectTimeoutMs,
      idleTimeoutMillis: settings.idleTimeoutMs ?? POOL_DEFAULTS.idleTimeoutMs,
      query_timeout: settings.queryTimeoutMs || undefined,
      keepAlive: true,
      keepAliveInitialDelayMillis: settings.keepAliveInitialDelayMs ?? POOL_DEFAULTS.keepAliveInitialDelayMs,
    },
  };
}

export async function openDataSource(settings: ConnectionSettings): Promise<DataSource> {
  return new DataSource(buildDataSourceOptions(settings)).initialize();
}
