import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

import { demoNotice, exitOnSignals, prepareDatabase, startOrRunDatabaseCommand } from '@curation/sdk';

import { loadWorkerSettings } from './config/worker.config';
import { workerLogging } from './worker/worker-logging';
import { WorkerModule } from './worker/worker.module';

async function bootstrap(): Promise<void> {
  const settings = loadWorkerSettings();
  const { config } = settings;
  const logging = workerLogging(settings);
  Logger.overrideLogger(logging.logger);
  const database = await prepareDatabase(config, 'curation-worker');
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(settings, database.url), {
    bufferLogs: true,
  });
  app.useLogger(logging.logger);
  exitOnSignals(app, config.SHUTDOWN_DEADLINE_MS);
  await app.init();
  const logger = new Logger('Worker');
  logger.log('worker started (standalone context, no HTTP listener)');
  const demo = demoNotice(config);
  if (demo) logger.warn(demo);
}

// `node main.js migrate|revert|enum-check`: the one-shot database steps of a deploy, from the same image.
startOrRunDatabaseCommand(process.argv, process.env, { name: 'Worker', start: bootstrap });
