import { INestApplication } from '@nestjs/common';
import request from 'supertest';

import { createTestDatabase, insertBusinesses, recordQueries, TestDatabase } from '@curation/sdk/testing';

import { bearer, createApiTestApp } from '../testing/api-test-app';

const METRICS_TOKEN = 'metrics-token-for-the-tests-0123';

// METRICS_DB_CACHE_MS is the older name of OPERATIONS_SNAPSHOT_MS; these keep it working.
describe('/metrics: only with METRICS_TOKEN, and one database snapshot per METRICS_DB_CACHE_MS', () => {
  let db: TestDatabase;
  let app: INestApplication;
  const scrape = () => request(app.getHttpServer()).get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`);

  beforeAll(async () => {
    db = await createTestDatabase();
    await insertBusinesses(db.dataSource, ['a.example.com', 'b.example.com']);
    await db.dataSource.query(`UPDATE local_businesses SET domain_extraction_status = 'Queued'`);
    app = await createApiTestApp(db.url, { METRICS_TOKEN, METRICS_DB_CACHE_MS: '60000' });
  });

  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it('is a 401 without the token, with a wrong one, or with a user JWT', async () => {
    for (const authorization of [
      undefined,
      'Bearer wrong-token',
      `Bearer ${METRICS_TOKEN}x`,
      `Basic ${METRICS_TOKEN}`,
      bearer(),
    ]) {
      const req = request(app.getHttpServer()).get('/metrics');
      const res = await (authorization ? req.set('Authorization', authorization) : req);
      expect({ authorization, status: res.status, body: res.body }).toEqual({
        authorization,
        status: 401,
        body: { detail: 'Missing or invalid metrics token', status_code: 401 },
      });
      expect(res.text).not.toContain('workflow_queued_rows');
    }
  });

  it('serves the metrics with the token', async () => {
    const res = await scrape().expect(200);
    expect(res.text).toContain('workflow_queued_rows{workflow="wf3-domain-extraction"} 2');
    expect(res.text).toContain('workflow_expired_leases{workflow="wf2-deep-scan"} 0');
  });

  it('runs the workflow aggregates once for two scrapes within the cache time', async () => {
    const fresh = await createApiTestApp(db.url, { METRICS_TOKEN, METRICS_DB_CACHE_MS: '60000' });
    try {
      const scrapeFresh = () =>
        request(fresh.getHttpServer()).get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`).expect(200);
      const first = await recordQueries(scrapeFresh);
      const second = await recordQueries(scrapeFresh);
      expect(first.queries.length).toBeGreaterThan(0);
      expect(second.queries).toEqual([]);
      expect(second.result.text).toContain('workflow_queued_rows{workflow="wf3-domain-extraction"} 2');
    } finally {
      await fresh.close();
    }
  });

  it('reads the database again once the cache time has passed', async () => {
    const shortCache = await createApiTestApp(db.url, { METRICS_TOKEN, METRICS_DB_CACHE_MS: '100' });
    try {
      const scrapeShort = () =>
        request(shortCache.getHttpServer()).get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`).expect(200);
      expect((await scrapeShort()).text).toContain('workflow_queued_rows{workflow="wf3-domain-extraction"} 2');
      await insertBusinesses(db.dataSource, ['c.example.com']);
      await db.dataSource.query(`UPDATE local_businesses SET domain_extraction_status = 'Queued'`);
      await new Promise((r) => setTimeout(r, 1000));
      expect((await scrapeShort()).text).toContain('workflow_queued_rows{workflow="wf3-domain-extraction"} 3');
    } finally {
      await shortCache.close();
    }
  });

  it('is not served at all (404) when METRICS_TOKEN is unset', async () => {
    const without = await createApiTestApp(db.url);
    try {
      await request(without.getHttpServer()).get('/metrics').expect(404);
      await request(without.getHttpServer()).get('/metrics').set('Authorization', bearer()).expect(404);
    } finally {
      await without.close();
    }
  });
});
