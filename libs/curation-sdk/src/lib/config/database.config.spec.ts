import { DatabaseConfig } from './database.config';
import { loadConfig } from './load-config';

describe('DatabaseConfig pool bounds', () => {
  it('defaults to bounded connect, query and idle times', () => {
    const config = loadConfig(DatabaseConfig, {});
    expect({
      statement: config.DB_STATEMENT_TIMEOUT_MS,
      query: config.DB_QUERY_TIMEOUT_MS,
      connect: config.DB_CONNECT_TIMEOUT_MS,
      idle: config.DB_IDLE_TIMEOUT_MS,
      keepAlive: config.DB_KEEPALIVE_INITIAL_DELAY_MS,
    }).toEqual({ statement: 30000, query: 45000, connect: 10000, idle: 30000, keepAlive: 10000 });
  });

  it.each([
    [{ DB_STATEMENT_TIMEOUT_MS: '30000', DB_QUERY_TIMEOUT_MS: '30000' }],
    [{ DB_STATEMENT_TIMEOUT_MS: '30000', DB_QUERY_TIMEOUT_MS: '1000' }],
    [{ DB_STATEMENT_TIMEOUT_MS: '0', DB_QUERY_TIMEOUT_MS: '1000' }],
  ])('refuses a query timeout that would fire before the server cancels the statement: %j', (env) => {
    expect(() => loadConfig(DatabaseConfig, env)).toThrow(
      'DB_QUERY_TIMEOUT_MS must be 0 (off) or greater than a non-zero DB_STATEMENT_TIMEOUT_MS',
    );
  });

  it.each([
    [{ DB_QUERY_TIMEOUT_MS: '0' }],
    [{ DB_STATEMENT_TIMEOUT_MS: '0', DB_QUERY_TIMEOUT_MS: '0' }],
    [{ DB_STATEMENT_TIMEOUT_MS: '600000', DB_QUERY_TIMEOUT_MS: '610000' }],
  ])('accepts %j', (env) => {
    expect(() => loadConfig(DatabaseConfig, env)).not.toThrow();
  });

  it.each([
    [{ DB_CONNECT_TIMEOUT_MS: '0' }],
    [{ DB_IDLE_TIMEOUT_MS: 'soon' }],
    [{ DB_KEEPALIVE_INITIAL_DELAY_MS: '10' }],
  ])('refuses %j', (env) => {
    expect(() => loadConfig(DatabaseConfig, env)).toThrow('Invalid configuration');
  });
});
