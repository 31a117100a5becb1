import { INestApplicationContext, Logger } from '@nestjs/common';

import { messageOf } from '../errors/message-of';

/**
 * On SIGTERM/SIGINT: close the Nest context (its shutdown hooks stop schedules, drain work and close the
 * pool), then exit 0. A second signal, or `deadlineMs` passing, exits 1 at once so an orchestrator's kill
 * never waits on a stuck close.
 */
export function exitOnSignals(app: INestApplicationContext, deadlineMs: number, logger = new Logger('Shutdown')): void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (closing) {
      logger.warn(`${signal} again: exiting without waiting`);
      process.exit(1);
    }
    closing = true;
    logger.log(`${signal} received: shutting down (deadline ${deadlineMs} ms)`);
    const timer = setTimeout(() => {
      logger.error(`shutdown did not finish within ${deadlineMs} ms: exiting`);
      process.exit(1);
    }, deadlineMs);
    timer.unref();
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error(`shutdown failed: ${messageOf(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
