import { IsEnum } from 'class-validator';
import { LogLevel } from '@nestjs/common';
import { DatabaseConfig } from './database.config';

export enum LogLevelSetting {
  Error = 'error',
  Warn = 'warn',
  Log = 'log',
  Debug = 'debug',
  Verbose = 'verbose',
}

/** Settings every process shares: the database ones plus logging. Apps extend this with their own. */
export class RuntimeConfig extends DatabaseConfig {
  /** Least severe level written: error < warn < log < debug < verbose. */
  @IsEnum(LogLevelSetting)
  LOG_LEVEL: LogLevelSetting = LogLevelSetting.Log;
}

const ORDER: readonly LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** Nest's list of enabled levels for a minimum level. */
export function enabledLogLevels(level: LogLevelSetting): LogLevel[] {
  return ORDER.slice(0, ORDER.indexOf(level) + 1);
}
