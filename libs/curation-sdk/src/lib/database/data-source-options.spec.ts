import { buildDataSourceOptions } from './data-source-options';

const extraOf = (settings: Parameters<typeof buildDataSourceOptions>[0]) =>
  (buildDataSourceOptions(settings) as { extra: Record<string, unknown> }).extra;

describe('buildDataSourceOptions: pool bounds in pg option names', () => {
  it('passes every bound under the name pg and pg-pool read', () => {
    expect(
      extraOf({
        url: 'postgres://x/y',
        poolMax: 3,
        statementTimeoutMs: 1000,
        queryTimeoutMs: 2000,
        connectTimeoutMs: 300,
        idleTimeoutMs: 4000,
        keepAliveInitialDelayMs: 5000,
      }),
    ).toEqual({
      max: 3,
      options: '-c statement_timeout=1000',
      connectionTimeoutMillis: 300,
      query_timeout: 2000,
      idleTimeoutMillis: 4000,
      keepAlive: true,
      keepAliveInitialDelayMillis: 5000,
    });
  });

  it('gives one-shot commands and migrations no statement or query timeout, but still a connect bound and keepalive', () => {
    expect(extraOf({ url: 'postgres://x/y' })).toEqual(
      expect.objectContaining({
        options: '-c statement_timeout=0',
        query_timeout: undefined,
        connectionTimeoutMillis: 10000,
        keepAlive: true,
      }),
    );
  });
});
