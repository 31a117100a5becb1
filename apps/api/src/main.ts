import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { enabledLogLevels, exitOnSignals, prepareDatabase } from '@curation/sdk';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app/app.module';
import { configureApp } from './app/configure-app';
import { loadApiConfig } from './config/api.config';

async function bootstrap(): Promise<void> {
  const config = loadApiConfig();
  Logger.overrideLogger(enabledLogLevels(config.LOG_LEVEL));
  const database = await prepareDatabase(config, 'curation-api');
  const app = configureApp(await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, database.url), { bufferLogs: true }), config);
  app.useLogger(enabledLogLevels(config.LOG_LEVEL));
  exitOnSignals(app, config.SHUTDOWN_DEADLINE_MS);
  await app.listen(config.PORT, config.HOST);
  new Logger('Api').log(`API listening on http://localhost:${config.PORT} (health: /health)`);
}

bootstrap().catch((error: unknown) => {
  // Last resort: Nest's logger may not exist yet, and the enum diff must reach the operator verbatim.
  process.stderr.write(`API refused to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
