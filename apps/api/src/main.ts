import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';

import { demoNotice, exitOnSignals, prepareDatabase, startOrRunDatabaseCommand } from '@curation/sdk';

import { AppModule } from './app/app.module';
import { configureApp } from './app/configure-app';
import { loadApiConfig } from './config/api.config';
import { apiLogging } from './logging/api-logging';

async function bootstrap(): Promise<void> {
  const config = loadApiConfig();
  const logging = apiLogging(config);
  Logger.overrideLogger(logging.logger);
  const database = await prepareDatabase(config, 'curation-api');
  const app = configureApp(
    await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, database.url), { bufferLogs: true }),
    config,
  );
  app.useLogger(logging.logger);
  exitOnSignals(app, config.SHUTDOWN_DEADLINE_MS);
  await app.listen(config.PORT, config.HOST);
  const logger = new Logger('Api');
  logger.log(`API listening on http://localhost:${config.PORT} (health: /health)`);
  const demo = demoNotice(config);
  if (demo) logger.warn(demo);
}

// `node main.js migrate|revert|enum-check`: the one-shot database steps of a deploy, from the same image.
startOrRunDatabaseCommand(process.argv, process.env, { name: 'API', start: bootstrap });
