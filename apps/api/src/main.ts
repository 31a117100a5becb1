import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { enabledLogLevels, exitOnSignals, isDatabaseCommand, prepareDatabase, runDatabaseCommand } from '@curation/sdk';
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

// `node main.js migrate|revert|enum-check`: the one-shot database steps of a deploy, from the same image.
const command = process.argv[2];
if (isDatabaseCommand(command)) {
  void runDatabaseCommand(command, process.env).then((code) => process.exit(code));
} else if (command !== undefined) {
  process.stderr.write(`unknown command "${command}": expected no argument (start the API) or one of migrate, revert, enum-check\n`);
  process.exit(2);
} else {
  bootstrap().catch((error: unknown) => {
    // Last resort: Nest's logger may not exist yet, and the enum diff must reach the operator verbatim.
    process.stderr.write(`API refused to start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
