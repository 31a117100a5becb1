import { LogLevel } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsEnum, IsInt, IsOptional, Max, Min } from 'class-validator';

import { DatabaseConfig } from './database.config';
import { toInt } from './env-transforms';

export enum LogLevelSetting {
  Error = 'error',
  Warn = 'warn',
  Log = 'log',
  Debug = 'debug',
  Verbose = 'verbose',
}

/** `json`: one JSON object per line (pino), for log platforms; `pretty`: Nest's coloured text lines. */
export enum LogFormat {
  Json = 'json',
  Pretty = 'pretty',
}

/** Settings every process shares: the database ones plus logging. Apps extend this with their own. */
export class RuntimeConfig extends DatabaseConfig {
  /** Least severe level written: error < warn < log < debug < verbose. */
  @IsEnum(LogLevelSetting)
  LOG_LEVEL: LogLevelSetting = LogLevelSetting.Log;

  /** `json` or `pretty`; unset, `json` when NODE_ENV=production (the images), else `pretty`. See {@link logFormat}. */
  @IsOptional()
  @IsEnum(LogFormat)
  LOG_FORMAT?: LogFormat;

  /** How long SIGTERM may take (finishing in-flight work, closing the pool) before the process exits 1, in ms. */
  @Transform(toInt)
  @IsInt()
  @Min(1000)
  @Max(600000)
  SHUTDOWN_DEADLINE_MS = 30000;
}

/** Production images log JSON unless told otherwise; a checkout logs text a person can read. */
export function logFormat(config: RuntimeConfig): LogFormat {
  return config.LOG_FORMAT ?? (config.NODE_ENV === 'production' ? LogFormat.Json : LogFormat.Pretty);
}

const ORDER: readonly LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** Nest's list of enabled levels for a minimum level. */
export function enabledLogLevels(level: LogLevelSetting): LogLevel[] {
  return ORDER.slice(0, ORDER.indexOf(level) + 1);
}
