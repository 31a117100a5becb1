import { INestApplication, Logger } from '@nestjs/common';
import request from 'supertest';

import { createDriftedDatabase, createTestDatabase, insertBusinesses, TestDatabase } from '@curation/sdk/testing';

import { bearer, createApiTestApp } from './testing/api-test-app';

describe('API operations and hardening (real AppModule, real PostgreSQL)', () => {
  let db: TestDatabase;
  let app: INestApplication;

  beforeAll(async () => {
    db = await createTestDatabase();
    await insertBusinesses(db.dataSource, ['a.example.com', 'b.example.com']);
    await db.dataSource.query(`UPDATE local_businesses SET domain_extraction_status = 'Queued'`);
    app = await createApiTestApp(db.url, {
      CORS_ORIGINS: 'https://app.example.com',
      METRICS_TOKEN: 'metrics-token-for-the-tests-0123',
    });
  });

  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it('answers liveness and readiness without a token', async () => {
    await request(app.getHttpServer()).get('/health/live').expect(200, { status: 'ok' });
    await request(app.getHttpServer())
      .get('/health/ready')
      .expect(200, { status: 'ok', database: 'up', enums: 'match' });
  });

  it('reports not ready, with a detail, when the database enum labels drift', async () => {
    const drifted = await createDriftedDatabase();
    const other = await createApiTestApp(drifted.url);
    try {
      const res = await request(other.getHttpServer()).get('/health/ready');
      expect(res.status).toBe(503);
      expect(res.body.detail).toContain('enum labels differ');
    } finally {
      await other.close();
      await drifted.drop();
    }
  });

  it('exposes Prometheus metrics: HTTP latency by route template and each workflow queue from the database', async () => {
    await request(app.getHttpServer())
      .get('/api/v3/local-businesses?size=1')
      .set('Authorization', bearer())
      .expect(200);
    const res = await request(app.getHttpServer())
      .get('/metrics')
      .set('Authorization', 'Bearer metrics-token-for-the-tests-0123')
      .expect(200);
    expect(res.text).toMatch(
      /http_request_duration_seconds_count\{method="GET",route="\/api\/v3\/local-businesses",status="200"\} 1/,
    );
    expect(res.text).toContain('workflow_queued_rows{workflow="wf3-domain-extraction"} 2');
    expect(res.text).toContain('workflow_oldest_queued_age_seconds{workflow="wf3-domain-extraction"}');
    expect(res.text).toContain('workflow_expired_leases{workflow="wf2-deep-scan"} 0');
  });

  it('serves the OpenAPI document and Swagger UI at /api/docs', async () => {
    const ui = await request(app.getHttpServer()).get('/api/docs/').expect(200);
    expect(ui.text).toContain('swagger');
    const doc = await request(app.getHttpServer()).get('/api/docs-json').expect(200);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v3/local-businesses',
        '/api/v3/local-businesses/status',
        '/api/v3/workflows/status',
      ]),
    );
    const body = doc.body.components.schemas.UpdateLocalBusinessStatusBody;
    expect(body.required).toEqual(expect.arrayContaining(['local_business_ids', 'status']));
    expect(body.properties.status.enum).toEqual(['New', 'Selected', 'Maybe', 'Not a Fit', 'Archived']);
    const listParams = doc.body.paths['/api/v3/local-businesses'].get.parameters.map((p: { name: string }) => p.name);
    expect(listParams).toEqual(
      expect.arrayContaining(['status', 'business_name', 'page', 'size', 'sort_by', 'sort_dir']),
    );
  });

  it('allows CORS only from configured origins and sets security headers', async () => {
    const allowed = await request(app.getHttpServer())
      .options('/api/v3/local-businesses')
      .set('Origin', 'https://app.example.com')
      .set('Access-Control-Request-Method', 'GET');
    expect(allowed.headers['access-control-allow-origin']).toBe('https://app.example.com');
    const denied = await request(app.getHttpServer())
      .options('/api/v3/local-businesses')
      .set('Origin', 'https://evil.example.com')
      .set('Access-Control-Request-Method', 'GET');
    expect(denied.headers['access-control-allow-origin']).toBeUndefined();
    const read = await request(app.getHttpServer()).get('/health/live').set('Origin', 'https://app.example.com');
    expect(read.headers['access-control-expose-headers']).toBe(
      'X-Next-Cursor,X-Total-Count,X-Total-Is-Estimate,X-Request-Id',
    );
    const res = await request(app.getHttpServer()).get('/health/live');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('limits requests per client with 429 and a detail', async () => {
    const limited = await createApiTestApp(db.url, { RATE_LIMIT_PER_MINUTE: '3' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i += 1)
        statuses.push(
          (await request(limited.getHttpServer()).get('/api/v3/contacts').set('Authorization', bearer())).status,
        );
      expect(statuses).toEqual([200, 200, 200, 429]);
      const res = await request(limited.getHttpServer()).get('/api/v3/contacts').set('Authorization', bearer());
      expect(res.body).toEqual({ detail: 'Too many requests: slow down and retry in a minute', status_code: 429 });
    } finally {
      await limited.close();
    }
  });

  it('never leaks SQL, driver messages or stacks: an unexpected failure is a plain 500', async () => {
    const broken = await createTestDatabase();
    const other = await createApiTestApp(broken.url);
    const errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      await broken.dataSource.query(`ALTER TABLE local_businesses RENAME COLUMN website_url TO website`);
      const res = await request(other.getHttpServer()).get('/api/v3/local-businesses').set('Authorization', bearer());
      expect(res.status).toBe(500);
      expect(res.body).toEqual({ detail: 'Internal server error', status_code: 500 });
      expect(JSON.stringify(res.body)).not.toMatch(/website|column|SELECT|at /);
    } finally {
      errors.mockRestore();
      await other.close();
      await broken.drop();
    }
  });
});
