import { ConsoleLogger, ConsoleLoggerOptions, LogLevel } from '@nestjs/common';

import { LogLine } from './log-line';

/** Nest's console logger (same text, colours and streams), with structured lines printed as their text and secrets scrubbed. */
export class PrettyLogger extends ConsoleLogger {
  constructor(
    options: ConsoleLoggerOptions,
    private readonly scrub: (text: string) => string,
  ) {
    super(options);
  }

  protected override stringifyMessage(message: unknown, logLevel: LogLevel): string {
    const text = message instanceof LogLine ? message.msg : message;
    return super.stringifyMessage(typeof text === 'string' ? this.scrub(text) : text, logLevel);
  }
}
