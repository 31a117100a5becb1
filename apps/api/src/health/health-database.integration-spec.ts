import { INestApplication } from '@nestjs/common';
import request from 'supertest';

import { createTestDatabase, recordQueries, TestDatabase } from '@curation/sdk/testing';

import { createApiTestApp } from '../testing/api-test-app';

describe('GET /health/database (the reference probe; real AppModule, real PostgreSQL)', () => {
  let db: TestDatabase;
  let app: INestApplication;
  // Another database on the same server: PostgreSQL only lets a session close a database it is not in.
  let admin: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
    // A short connect bound, so the outage is reported in well under a probe's timeout.
    app = await createApiTestApp(db.url, { DB_CONNECT_TIMEOUT_MS: '1000' });
    admin = await createTestDatabase();
  });

  afterAll(async () => {
    await admin.dataSource.query(`ALTER DATABASE "${db.name}" ALLOW_CONNECTIONS true`);
    await app.close();
    await db.drop();
    await admin.drop();
  });

  it("answers the reference's body without a token, in one statement", async () => {
    const { result, queries } = await recordQueries(() => request(app.getHttpServer()).get('/health/database'));
    expect(result.status).toBe(200);
    expect(result.body).toEqual({ status: 'ok', message: 'Database connection successful' });
    expect(queries).toHaveLength(1);
  });

  it('answers 503 with no internals while the database refuses connections, and ok again once it is back', async () => {
    // A real outage: the API's pooled connections are killed and new ones are refused by the server.
    await admin.dataSource.query(`ALTER DATABASE "${db.name}" ALLOW_CONNECTIONS false`);
    const killed: { pid: number }[] = await admin.dataSource.query(
      `SELECT pg_terminate_backend(pid) AS pid FROM pg_stat_activity WHERE datname = $1 AND application_name = 'curation-api'`,
      [db.name],
    );
    expect(killed.length).toBeGreaterThan(0);

    const started = Date.now();
    const down = await request(app.getHttpServer()).get('/health/database');
    expect(down.status).toBe(503);
    expect(down.body).toEqual({
      status: 'error',
      message: 'Database connection failed',
      detail: 'Database connection failed',
      status_code: 503,
    });
    expect(down.text).not.toMatch(/terminat|ALLOW_CONNECTIONS|accepting connections|postgres|57P0|3D000|55000/i);
    expect(Date.now() - started).toBeLessThan(5_000);
    // The other probes agree, and stay as terse.
    const ready = await request(app.getHttpServer()).get('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body).toEqual({ detail: 'database unreachable', status_code: 503 });
    await request(app.getHttpServer()).get('/health/live').expect(200);

    await admin.dataSource.query(`ALTER DATABASE "${db.name}" ALLOW_CONNECTIONS true`);
    const back = await request(app.getHttpServer()).get('/health/database');
    expect(back.status).toBe(200);
    expect(back.body).toEqual({ status: 'ok', message: 'Database connection successful' });
  });
});
