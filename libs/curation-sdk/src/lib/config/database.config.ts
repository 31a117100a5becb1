import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  registerDecorator,
  ValidationArguments,
} from 'class-validator';

import { NPlusOneMode } from '../observability/query-scope';
import { toBool, toInt } from './env-transforms';

/**
 * The client-side query timeout must leave the server's statement_timeout room to fire first: PostgreSQL
 * then cancels the statement and frees the connection, whereas the client timeout only abandons the wait
 * (it is the backstop for a server or network that stopped answering).
 */
function IsOffOrAboveStatementTimeout(): PropertyDecorator {
  return (target: object, propertyKey: string | symbol) =>
    registerDecorator({
      name: 'isOffOrAboveStatementTimeout',
      target: target.constructor,
      propertyName: String(propertyKey),
      validator: {
        validate: (value: unknown, args: ValidationArguments) => {
          const statement = (args.object as DatabaseConfig).DB_STATEMENT_TIMEOUT_MS;
          return value === 0 || (typeof value === 'number' && statement > 0 && value > statement);
        },
        defaultMessage: () =>
          'DB_QUERY_TIMEOUT_MS must be 0 (off) or greater than a non-zero DB_STATEMENT_TIMEOUT_MS, so the server cancels a slow statement before the client gives up on it',
      },
    });
}

/** Database settings shared by every process (API, worker, tools). Documented in docs/operations.md. */
export class DatabaseConfig {
  /** postgres://user:password@host:port/db. Unset: an embedded PostgreSQL under EMBEDDED_PG_DIR is started. */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string;

  /** Where the embedded PostgreSQL keeps its files when DATABASE_URL is unset. */
  @IsString()
  EMBEDDED_PG_DIR = '.data/postgres';

  /** Apply pending migrations at startup. Always done for the embedded database. */
  @Transform(toBool)
  @IsBoolean()
  DB_MIGRATE_ON_START = false;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DB_POOL_MAX = 10;

  /**
   * Server-side statement_timeout for every connection of the apps' pools, in milliseconds (0 = none).
   * WF5 writes 5,000-URL chunks in well under a second; migrations run on their own connection without it.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  DB_STATEMENT_TIMEOUT_MS = 30000;

  /** Client-side backstop per query (pg `query_timeout`), in ms: 0, or above DB_STATEMENT_TIMEOUT_MS. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @IsOffOrAboveStatementTimeout()
  DB_QUERY_TIMEOUT_MS = 45000;

  /**
   * Opening a connection and waiting for a free one of the pool share this bound (pg-pool's
   * `connectionTimeoutMillis`), in ms: a saturated pool or an unreachable server fails the request instead of queueing it forever.
   */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(600000)
  DB_CONNECT_TIMEOUT_MS = 10000;

  /** A pooled connection unused this long is closed, in ms. */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(3600000)
  DB_IDLE_TIMEOUT_MS = 30000;

  /** TCP keepalive is always on; the first probe goes after this much silence, in ms (detects dead peers behind NAT/LBs). */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(3600000)
  DB_KEEPALIVE_INITIAL_DELAY_MS = 10000;

  /** Statements slower than this are logged as warnings, in milliseconds (0 = off). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  DB_SLOW_QUERY_MS = 1000;

  /** Log every SQL statement at debug level (parameters are never logged). */
  @Transform(toBool)
  @IsBoolean()
  DB_LOG_SQL = false;

  /** N+1 detector per request/tick: `warn` logs each offending call site, `off` records nothing. */
  @IsOptional()
  @IsEnum(NPlusOneMode)
  N_PLUS_ONE_DETECTION?: NPlusOneMode;

  /** `development` turns the N+1 detector on unless N_PLUS_ONE_DETECTION says otherwise. */
  @IsOptional()
  @IsString()
  NODE_ENV?: string;
}

/** The detector is on in development and off elsewhere, unless set explicitly. */
export function nPlusOneMode(config: DatabaseConfig): NPlusOneMode {
  return config.N_PLUS_ONE_DETECTION ?? (config.NODE_ENV === 'development' ? NPlusOneMode.Warn : NPlusOneMode.Off);
}
