import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { enabledLogLevels, exitOnSignals, isDatabaseCommand, prepareDatabase, runDatabaseCommand } from '@curation/sdk';
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

// `node main.js migrate|revert|enum-check`: the one-shot database steps of a deploy, from the same image.
const command = process.argv[2];
if (isDatabaseCommand(command)) {
  void runDatabaseCommand(command, process.env).then((code) => process.exit(code));
} else if (command !== undefined) {
  process.stderr.write(`unknown command "${command}": expected no argument (start the worker) or one of migrate, revert, enum-check\n`);
  process.exit(2);
} else {
  bootstrap().catch((error: unknown) => {
    // Last resort: Nest's logger may not exist yet, and the enum diff must reach the operator verbatim.
    process.stderr.write(`Worker refused to start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
