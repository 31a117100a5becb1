import { inspect } from 'node:util';

export type LogFieldValue = string | number | boolean | Date | null | undefined;
export type LogFields = Readonly<Record<string, LogFieldValue>>;

/**
 * A log message that carries fields. Through Nest's `Logger` it prints as its text in pretty mode (the
 * pretty logger and `util.inspect` unwrap it) and as `msg` plus one JSON field per entry in JSON mode
 * (nestjs-pino merges an object message into the line), so a caller writes one call for both formats.
 */
export class LogLine {
  readonly msg: string;

  constructor(msg: string, fields: LogFields) {
    // Own enumerable properties are what nestjs-pino copies into the line; `msg` last so no field replaces it.
    Object.assign(this, fields);
    this.msg = msg;
  }

  toString(): string {
    return this.msg;
  }

  [inspect.custom](): string {
    return this.msg;
  }
}

export const logLine = (msg: string, fields: LogFields): LogLine => new LogLine(msg, fields);
