import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { enabledLogLevels, exitOnSignals, prepareDatabase } from '@curation/sdk';
import { loadWorkerSettings } from './config/worker.config';
import { WorkerModule } from './worker/worker.module';

async function bootstrap(): Promise<void> {
  const settings = loadWorkerSettings();
  const { config } = settings;
  Logger.overrideLogger(enabledLogLevels(config.LOG_LEVEL));
  const database = await prepareDatabase(config, 'curation-worker');
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(settings, database.url), { bufferLogs: true });
  app.useLogger(enabledLogLevels(config.LOG_LEVEL));
  exitOnSignals(app, config.SHUTDOWN_DEADLINE_MS);
  await app.init();
  new Logger('Worker').log('worker started (standalone context, no HTTP listener)');
}

bootstrap().catch((error: unknown) => {
  // Last resort: Nest's logger may not exist yet, and the enum diff must reach the operator verbatim.
  process.stderr.write(`Worker refused to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
