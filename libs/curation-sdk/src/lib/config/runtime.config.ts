import { LogLevel } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsEnum, IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';

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

/** The local fakes `npm start` can run for the offline demo, in the order the console names them. */
export const DEMO_FAKES = ['google-places', 'websites', 'debounce', 'brevo', 'hubspot', 'n8n'] as const;
export type DemoFake = (typeof DEMO_FAKES)[number];

const toList = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((entry) => entry.trim())
        .filter((entry) => entry !== '')
    : value;

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

  /**
   * Set by `npm start` when it runs local fakes instead of real services (the offline demo): which ones, comma
   * separated. The API shows a demo banner naming them in the console; both apps say so in their startup log.
   * Informational only: where each process sends requests is still its own base URL settings.
   */
  @Transform(toList)
  @IsIn(DEMO_FAKES, { each: true, message: `DEMO_FAKES entries must be among ${DEMO_FAKES.join(', ')}` })
  DEMO_FAKES: DemoFake[] = [];
}

/** "offline demo: google-places, … are local fakes …", saying which services are real; null when nothing is faked. */
export function demoNotice(config: RuntimeConfig): string | null {
  if (config.DEMO_FAKES.length === 0) return null;
  const real = DEMO_FAKES.filter((fake) => !config.DEMO_FAKES.includes(fake) && fake !== 'websites');
  return `offline demo: ${config.DEMO_FAKES.join(', ')} are local fakes started by npm start; ${
    real.length === 0 ? 'nothing leaves this machine' : `${real.join(', ')} ${real.length === 1 ? 'is' : 'are'} real`
  }`;
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
