import { INestApplication, Logger } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';

import { createTestDatabase, TestDatabase } from '@curation/sdk/testing';

import { bearer, createApiTestApp } from '../testing/api-test-app';

/** The pg Pool TypeORM built, with the options it will hand every new connection. */
interface PgPool {
  options: Record<string, unknown>;
}

describe("the API's database pool: connect/acquire, statement and query timeouts, idle timeout, TCP keepalive", () => {
  let db: TestDatabase;
  let app: INestApplication;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createApiTestApp(db.url, {
      DB_POOL_MAX: '1',
      DB_STATEMENT_TIMEOUT_MS: '4321',
      DB_QUERY_TIMEOUT_MS: '9000',
      DB_CONNECT_TIMEOUT_MS: '500',
      DB_IDLE_TIMEOUT_MS: '7000',
      DB_KEEPALIVE_INITIAL_DELAY_MS: '3000',
    });
  });

  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it('hands the settings to pg: statement_timeout on the server, the rest on the pool and its clients', async () => {
    const dataSource = app.get(DataSource);
    expect(await dataSource.query(`SHOW statement_timeout`)).toEqual([{ statement_timeout: '4321ms' }]);
    const pool = (dataSource.driver as unknown as { master: PgPool }).master;
    expect(pool.options).toEqual(
      expect.objectContaining({
        max: 1,
        connectionTimeoutMillis: 500,
        query_timeout: 9000,
        idleTimeoutMillis: 7000,
        keepAlive: true,
        keepAliveInitialDelayMillis: 3000,
      }),
    );
  });

  it('fails a request quickly when no pooled connection frees up, instead of queueing it forever', async () => {
    const dataSource = app.get(DataSource);
    const holder = dataSource.createQueryRunner();
    await holder.connect();
    const errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const started = Date.now();
    // Released after 10 s: without an acquire timeout the request waits for it and then succeeds.
    const release = setTimeout(() => void holder.release(), 10_000);
    try {
      const res = await request(app.getHttpServer()).get('/api/v3/contacts').set('Authorization', bearer());
      expect(res.status).toBe(503);
      expect(res.body).toEqual({ detail: 'The database is busy: retry shortly', status_code: 503 });
      // 500 ms configured; 10x margin for a loaded machine, still well short of the 10 s release.
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      clearTimeout(release);
      errors.mockRestore();
      await holder.release();
    }
    await request(app.getHttpServer()).get('/api/v3/contacts').set('Authorization', bearer()).expect(200);
  });

  it('answers 503, not a plain 500, when a statement runs past DB_STATEMENT_TIMEOUT_MS', async () => {
    const slow = await createApiTestApp(db.url, { DB_STATEMENT_TIMEOUT_MS: '200', DB_QUERY_TIMEOUT_MS: '5000' });
    const blocker = app.get(DataSource).createQueryRunner();
    await blocker.connect();
    const errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      await blocker.startTransaction();
      await blocker.query('LOCK TABLE contacts IN ACCESS EXCLUSIVE MODE');
      const res = await request(slow.getHttpServer()).get('/api/v3/contacts').set('Authorization', bearer());
      expect(res.body).toEqual({ detail: 'The database is busy: retry shortly', status_code: 503 });
    } finally {
      await blocker.rollbackTransaction();
      await blocker.release();
      errors.mockRestore();
      await slow.close();
    }
  });
});
