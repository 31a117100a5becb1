import { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';

import { ApiConfig, corsOrigins, NO_CONSOLE } from '../config/api.config';
import { serveFrontend } from '../frontend/serve-frontend';
import { openApiDocument } from '../openapi/openapi-document';

/** HTTP settings shared by main.ts and the tests, so tests exercise what production runs. */
export function configureApp(app: NestExpressApplication, config: ApiConfig): NestExpressApplication {
  // 10,000 uuids in a batch update are ~400 KB of JSON; anything past the limit is a 413.
  app.useBodyParser('json', { limit: `${config.REQUEST_BODY_LIMIT_KB}kb` });
  app.disable('x-powered-by');
  // Hop count, not `true`: trusting every X-Forwarded-For entry would let any client pick its own IP (and rate-limit bucket).
  app.set('trust proxy', config.TRUST_PROXY);
  // Swagger UI needs inline scripts and styles, and so does a hosted frontend such as the reference's (inline
  // scripts, Bootstrap from a CDN): no CSP. Everything else gets helmet's defaults, the frontend's files too.
  app.use(helmet({ contentSecurityPolicy: false }));
  const origins = corsOrigins(config);
  app.enableCors({
    origin: origins.length > 0 ? origins : false,
    allowedHeaders: ['Authorization', 'Content-Type'],
    methods: ['GET', 'HEAD', 'PUT', 'PATCH', 'POST', 'DELETE'],
    // A browser on another origin may read these: the contacts list's keyset cursor and count, and the request id.
    exposedHeaders: ['X-Next-Cursor', 'X-Total-Count', 'X-Total-Is-Estimate', 'X-Request-Id'],
  });
  // Before the API's routes exist (they are added at init), but only for /static/* and `/`.
  if (config.FRONTEND_DIR) serveFrontend(app, config.FRONTEND_DIR, config.WEB_DIR === NO_CONSOLE);
  const document = openApiDocument(app);
  SwaggerModule.setup('api/docs', app, document);
  return app;
}
