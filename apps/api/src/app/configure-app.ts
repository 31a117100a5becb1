import { NestExpressApplication } from '@nestjs/platform-express';
import { ApiConfig } from '../config/api.config';

/** HTTP settings shared by main.ts and the tests, so tests exercise what production runs. */
export function configureApp(app: NestExpressApplication, config: ApiConfig): NestExpressApplication {
  // 10,000 uuids in a batch update are ~400 KB of JSON; anything past the limit is a 413.
  app.useBodyParser('json', { limit: `${config.REQUEST_BODY_LIMIT_KB}kb` });
  app.disable('x-powered-by');
  return app;
}
