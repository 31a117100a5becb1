import { Logger } from '@nestjs/common';

import { LogFormat, logFormat, LogLevelSetting, RuntimeConfig } from '../config/runtime.config';
import { logLine } from './log-line';
import { createProcessLogging } from './process-logging';
import { secretScrubber } from './secret-scrubber';

const config = (overrides: Partial<RuntimeConfig>): RuntimeConfig =>
  Object.assign(new RuntimeConfig(), { LOG_LEVEL: LogLevelSetting.Log }, overrides);

describe('secretScrubber', () => {
  const scrub = secretScrubber([
    {
      JWT_SECRET: 'a-jwt-secret-"quoted"-value',
      DEBOUNCE_API_KEY: 'debounce-key-123',
      METRICS_TOKEN: 'short',
      DATABASE_URL: 'postgres://app:db-password-9@db.internal:5432/curation',
      PORT: 3000,
      HOST: '0.0.0.0',
    },
  ]);

  it('replaces secret-named settings by value, raw, JSON-escaped and URL-encoded', () => {
    expect(scrub('GET https://api.debounce.io/v1/?api=debounce-key-123&email=x failed')).toBe(
      'GET https://api.debounce.io/v1/?api=[Redacted]&email=x failed',
    );
    expect(scrub(JSON.stringify({ msg: 'secret a-jwt-secret-"quoted"-value' }))).toBe('{"msg":"secret [Redacted]"}');
    expect(scrub(`key=${encodeURIComponent('a-jwt-secret-"quoted"-value')}`)).toBe('key=[Redacted]');
  });

  it('removes URL passwords, configured or not, and leaves short values and other settings alone', () => {
    expect(scrub('could not reach postgres://app:db-password-9@db.internal:5432/curation')).toBe(
      'could not reach postgres://app:[Redacted]@db.internal:5432/curation',
    );
    expect(scrub('{"url":"redis://u:elsewhere-pw@cache:6379"}')).toBe('{"url":"redis://u:[Redacted]@cache:6379"}');
    expect(scrub('short 0.0.0.0 3000 postgres://postgres@127.0.0.1/test')).toBe(
      'short 0.0.0.0 3000 postgres://postgres@127.0.0.1/test',
    );
  });
});

describe('createProcessLogging', () => {
  it('defaults to JSON under NODE_ENV=production and to pretty text elsewhere, unless LOG_FORMAT says otherwise', () => {
    expect(logFormat(config({ NODE_ENV: 'production' }))).toBe(LogFormat.Json);
    expect(logFormat(config({ NODE_ENV: 'development' }))).toBe(LogFormat.Pretty);
    expect(logFormat(config({}))).toBe(LogFormat.Pretty);
    expect(logFormat(config({ NODE_ENV: 'production', LOG_FORMAT: LogFormat.Pretty }))).toBe(LogFormat.Pretty);
    expect(logFormat(config({ LOG_FORMAT: LogFormat.Json }))).toBe(LogFormat.Json);
    // Pretty mode builds no pino at all (pino's root logger is one per process: the JSON test below owns it).
    expect(createProcessLogging(config({}), { name: 'test', secretsFrom: [] })).toMatchObject({
      format: LogFormat.Pretty,
      pino: null,
    });
  });

  it('prints a structured line as exactly its text in pretty mode, at the configured level, with secrets scrubbed', () => {
    const { logger } = createProcessLogging(config({ LOG_LEVEL: LogLevelSetting.Log }), {
      name: 'test',
      secretsFrom: [{ BREVO_API_KEY: 'brevo-key-abcdef' }],
    });
    const written: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk).replace(/\x1b\[[0-9;]*m/g, ''));
      return true;
    });
    try {
      logger.log(logLine('tick: claimed=2 done=2 duration=5ms', { workflow: 'wf3', claimed: 2, durationMs: 5 }), 'wf3');
      logger.log('tick: claimed=2 done=2 duration=5ms', 'wf3');
      logger.debug?.('not at LOG_LEVEL=log', 'wf3');
      logger.log('rejected brevo-key-abcdef', 'Brevo');
    } finally {
      spy.mockRestore();
    }
    const messages = written.map((line) => line.replace(/^.*? (LOG|DEBUG) +/, ''));
    expect(messages).toEqual([
      '[wf3] tick: claimed=2 done=2 duration=5ms\n',
      '[wf3] tick: claimed=2 done=2 duration=5ms\n',
      '[Brevo] rejected [Redacted]\n',
    ]);
  });

  it('writes JSON lines with the structured fields, the level name, an ISO time and redacted secret fields', () => {
    const lines: string[] = [];
    const { logger, pino } = createProcessLogging(config({ LOG_FORMAT: LogFormat.Json }), {
      name: 'curation-test',
      secretsFrom: [{ HUBSPOT_API_KEY: 'hubspot-key-0000' }],
      destination: { write: (line: string) => void lines.push(line) },
    });
    expect(pino).not.toBeNull();
    Logger.overrideLogger(logger);
    try {
      new Logger('wf3').log(logLine('tick: claimed=2', { workflow: 'wf3', claimed: 2, durationMs: 5 }));
      new Logger('Hubspot').warn({ msg: 'refused', apiKey: 'x', nested: { secret: 'y' } });
      new Logger('Hubspot').error('401 for key hubspot-key-0000');
    } finally {
      Logger.overrideLogger(['error', 'warn']);
    }
    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records).toEqual([
      expect.objectContaining({
        level: 'info',
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        name: 'curation-test',
        context: 'wf3',
        workflow: 'wf3',
        claimed: 2,
        durationMs: 5,
        msg: 'tick: claimed=2',
      }),
      expect.objectContaining({
        level: 'warn',
        msg: 'refused',
        apiKey: '[Redacted]',
        nested: { secret: '[Redacted]' },
      }),
      expect.objectContaining({ level: 'error', msg: '401 for key [Redacted]' }),
    ]);
  });
});
