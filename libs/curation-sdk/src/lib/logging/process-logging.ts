import { LoggerService } from '@nestjs/common';
import { Params, PinoLogger, Logger as PinoNestLogger } from 'nestjs-pino';
import pino from 'pino';
import type { Options as HttpLogOptions } from 'pino-http';

import { enabledLogLevels, LogFormat, logFormat, LogLevelSetting, RuntimeConfig } from '../config/runtime.config';
import { PrettyLogger } from './pretty-logger';
import { REDACTED, secretScrubber } from './secret-scrubber';

/** The settings that are secrets, by name: as a field of their own or nested one level down. */
const SECRET_SETTINGS = [
  'JWT_SECRET',
  'GOOGLE_MAPS_API_KEY',
  'DEBOUNCE_API_KEY',
  'BREVO_API_KEY',
  'HUBSPOT_API_KEY',
  'N8N_WEBHOOK_SECRET',
  'METRICS_TOKEN',
];

/** pino `redact` paths: credentials in request and response headers, and anything named like a secret. */
export const REDACT_PATHS: readonly string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'apiKey',
  'secret',
  'password',
  '*.apiKey',
  '*.secret',
  '*.password',
  ...SECRET_SETTINGS.flatMap((name) => [name, `*.${name}`]),
];

const PINO_LEVEL: Record<LogLevelSetting, pino.LevelWithSilent> = {
  [LogLevelSetting.Error]: 'error',
  [LogLevelSetting.Warn]: 'warn',
  [LogLevelSetting.Log]: 'info',
  [LogLevelSetting.Debug]: 'debug',
  [LogLevelSetting.Verbose]: 'trace',
};

export interface ProcessLoggingOptions {
  /** The `name` field of every JSON line (`curation-api`, `curation-worker`). */
  readonly name: string;
  /** Validated config objects: every secret-named setting among them is scrubbed from each line by value. */
  readonly secretsFrom: readonly object[];
  /** pino-http's request logging options (the API); pino's own options are set here. */
  readonly http?: HttpLogOptions;
  /** Where JSON lines go; stdout (synchronously, so nothing is lost at exit) unless a test says otherwise. */
  readonly destination?: pino.DestinationStream;
}

export interface ProcessLogging {
  readonly format: LogFormat;
  /** For `Logger.overrideLogger` before Nest starts and `app.useLogger` after: every Nest logger writes through it. */
  readonly logger: LoggerService;
  /** nestjs-pino's parameters for `LoggerModule.forRoot` in JSON mode; null in pretty mode, where there is no pino. */
  readonly pino: Params | null;
}

/**
 * The one logger of a process, chosen by LOG_FORMAT: Nest's coloured text, or one JSON object per line
 * through pino (nestjs-pino's LoggerService over the same root logger the HTTP middleware uses). Either
 * way LOG_LEVEL is the least severe level written and configured secrets never reach the output.
 * Once per process: nestjs-pino keeps one root pino logger, built from the first JSON-mode parameters.
 */
export function createProcessLogging(config: RuntimeConfig, options: ProcessLoggingOptions): ProcessLogging {
  const scrub = secretScrubber(options.secretsFrom);
  const format = logFormat(config);
  if (format === LogFormat.Pretty) {
    return { format, logger: new PrettyLogger({ logLevels: enabledLogLevels(config.LOG_LEVEL) }, scrub), pino: null };
  }
  const out = options.destination ?? pino.destination({ dest: 1, sync: true });
  const destination: pino.DestinationStream = { write: (line) => out.write(scrub(line)) };
  const params: Params = {
    pinoHttp: [
      {
        ...options.http,
        name: options.name,
        level: PINO_LEVEL[config.LOG_LEVEL],
        redact: { paths: [...REDACT_PATHS], censor: REDACTED },
        timestamp: pino.stdTimeFunctions.isoTime,
        // Level names rather than pino's numbers: what log platforms map to severities.
        formatters: { level: (label) => ({ level: label }) },
      },
      destination,
    ],
  };
  return { format, logger: new PinoNestLogger(new PinoLogger(params), params), pino: params };
}
