import { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import request from 'supertest';

import { WF1_PLACE_SEARCH } from '@curation/sdk';
import { createTestDatabase, TestDatabase } from '@curation/sdk/testing';

import { bearer, createApiTestApp } from '../testing/api-test-app';

const BASE = '/api/v3/localminer-discoveryscan';

describe('place search API (WF1 jobs, real PostgreSQL)', () => {
  let db: TestDatabase;
  let app: INestApplication;
  const auth = bearer({ sub: '7f4c1b3e-0000-4000-8000-000000000042' });

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createApiTestApp(db.url, { GOOGLE_MAPS_API_KEY: 'test-key-never-logged' });
  });

  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it('creates a pending search job, wakes the WF1 worker, and reports its status', async () => {
    const listener = new Client({ connectionString: db.url });
    await listener.connect();
    const channels: string[] = [];
    listener.on('notification', (m) => channels.push(m.channel));
    await listener.query(`LISTEN ${WF1_PLACE_SEARCH.channel}`);
    try {
      const res = await request(app.getHttpServer())
        .post(`${BASE}/search/places`)
        .set('Authorization', auth)
        .send({ business_type: ' plumber ', location: 'Austin, TX', radius_km: 5 });
      expect(res.status).toBe(202);
      expect(res.body).toEqual({
        job_id: expect.any(String),
        status_url: `${BASE}/search/status/${res.body.job_id}`,
        status: 'pending',
      });
      const [row] = await db.dataSource.query(
        `SELECT business_type, location, params, status, user_id FROM place_searches WHERE id = $1`,
        [res.body.job_id],
      );
      expect(row).toEqual({
        business_type: 'plumber',
        location: 'Austin, TX',
        params: { radius_km: 5 },
        status: 'pending',
        user_id: '7f4c1b3e-0000-4000-8000-000000000042',
      });
      await new Promise((r) => setTimeout(r, 200));
      expect(channels).toEqual([WF1_PLACE_SEARCH.channel]);
      const status = await request(app.getHttpServer()).get(res.body.status_url).set('Authorization', auth).expect(200);
      expect(status.body).toMatchObject({ job_id: res.body.job_id, status: 'pending', progress: 0, error: null });
      const results = await request(app.getHttpServer())
        .get(`${BASE}/results/${res.body.job_id}?limit=10`)
        .set('Authorization', auth)
        .expect(200);
      expect(results.body).toMatchObject({ job_id: res.body.job_id, total: 0, places: [] });
      const history = await request(app.getHttpServer())
        .get(`${BASE}/search/history?status=pending`)
        .set('Authorization', auth)
        .expect(200);
      expect(history.body.map((s: { id: string }) => s.id)).toContain(res.body.job_id);
    } finally {
      await listener.end();
    }
  });

  it('answers 404 for unknown or malformed job ids', async () => {
    for (const path of [
      `${BASE}/search/status/00000000-0000-4000-8000-000000000000`,
      `${BASE}/search/status/not-a-uuid`,
      `${BASE}/results/00000000-0000-4000-8000-000000000000`,
    ]) {
      const res = await request(app.getHttpServer()).get(path).set('Authorization', auth);
      expect({ path, status: res.status, detail: res.body.detail }).toEqual({
        path,
        status: 404,
        detail: 'Unknown job id',
      });
    }
  });

  it.each([
    [{ location: 'Austin' }, 'business_type must be a string'],
    [{ business_type: '   ', location: 'Austin' }, 'business_type must not be empty'],
    [{ business_type: 'plumber', location: 'Austin', radius_km: 500 }, 'radius_km must not be greater than 50'],
    [{ business_type: 'plumber', location: 'Austin', radius_km: '5' }, 'radius_km must be a number'],
    [
      { business_type: 'x'.repeat(101), location: 'Austin' },
      'business_type must be shorter than or equal to 100 characters',
    ],
  ])('rejects %j with 400 and writes nothing', async (body, detail) => {
    const [{ before }] = await db.dataSource.query(`SELECT count(*)::int AS before FROM place_searches`);
    const res = await request(app.getHttpServer()).post(`${BASE}/search/places`).set('Authorization', auth).send(body);
    expect(res.status).toBe(400);
    expect(res.body.detail).toContain(detail);
    expect(await db.dataSource.query(`SELECT count(*)::int AS before FROM place_searches`)).toEqual([{ before }]);
  });

  it('answers 503 naming the missing setting when no Google key is configured, and writes nothing', async () => {
    const unconfigured = await createApiTestApp(db.url);
    try {
      const [{ before }] = await db.dataSource.query(`SELECT count(*)::int AS before FROM place_searches`);
      const res = await request(unconfigured.getHttpServer())
        .post(`${BASE}/search/places`)
        .set('Authorization', auth)
        .send({ business_type: 'plumber', location: 'Austin' });
      expect(res.status).toBe(503);
      expect(res.body.detail).toContain('GOOGLE_MAPS_API_KEY');
      expect(await db.dataSource.query(`SELECT count(*)::int AS before FROM place_searches`)).toEqual([{ before }]);
    } finally {
      await unconfigured.close();
    }
  });
});
