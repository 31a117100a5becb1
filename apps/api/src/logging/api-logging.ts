import { IncomingMessage, ServerResponse } from 'node:http';

import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { Options as HttpLogOptions } from 'pino-http';

import { createProcessLogging, ProcessLogging } from '@curation/sdk';

import { ApiConfig } from '../config/api.config';
import { requestId } from './request-id';

/** Express keeps the path as received in `originalUrl`; `url` is rewritten under mounted routers. */
const pathOf = (req: IncomingMessage): string =>
  ('originalUrl' in req && typeof req.originalUrl === 'string' ? req.originalUrl : req.url) ?? '';

/** One line per request: id, method, path, status and time; no headers (credentials) and no bodies. */
const HTTP_LOG_OPTIONS: HttpLogOptions = {
  genReqId: requestId,
  // Lines logged while handling a request carry its `reqId` only, not the whole request again.
  quietReqLogger: true,
  // Health probes run every few seconds from the orchestrator: their lines would drown everything else.
  autoLogging: { ignore: (req) => pathOf(req).startsWith('/health') },
  customLogLevel: (_req, res, error) =>
    error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
  serializers: {
    // `raw` is the Express request: its `ip` honours TRUST_PROXY, where the socket address is the proxy's.
    req: (req: { id: string; method: string; url: string; remoteAddress?: string; raw?: { ip?: string } }) => ({
      id: req.id,
      method: req.method,
      url: req.url,
      remoteAddress: req.raw?.ip ?? req.remoteAddress,
    }),
    res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
  },
};

const built = new WeakMap<ApiConfig, ProcessLogging>();

/** The API's logger for this config, built once: main.ts installs it, AppModule mounts its HTTP half. */
export function apiLogging(config: ApiConfig): ProcessLogging {
  let logging = built.get(config);
  if (!logging) {
    logging = createProcessLogging(config, {
      name: 'curation-api',
      secretsFrom: [config],
      http: HTTP_LOG_OPTIONS,
    });
    built.set(config, logging);
  }
  return logging;
}

/** Pretty mode logs no request lines, but the response carries the same `x-request-id` either way. */
@Module({})
class RequestIdModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply((req: IncomingMessage, res: ServerResponse, next: () => void) => {
        requestId(req, res);
        next();
      })
      .forRoutes('*');
  }
}

/** nestjs-pino's request logging (JSON mode) or just the request id header (pretty mode). */
export function apiLoggingModule(config: ApiConfig): DynamicModule {
  const { pino } = apiLogging(config);
  return pino ? LoggerModule.forRoot(pino) : { module: RequestIdModule };
}
