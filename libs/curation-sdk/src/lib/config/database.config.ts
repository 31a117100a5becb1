import { Transform } from 'class-transformer';
import { IsBoolean, IsEnum, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { NPlusOneMode } from '../observability/query-scope';
import { toBool, toInt } from './env-transforms';


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

  /** Server-side statement_timeout for every connection of the pool, in milliseconds (0 = none). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  DB_STATEMENT_TIMEOUT_MS = 30000;

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
