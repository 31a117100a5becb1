import { INestApplication } from '@nestjs/common';
import request from 'supertest';

import { GooglePlacesClient } from '@curation/integrations';
import { FakePlacesServer, startFakePlacesServer } from '@curation/integrations/testing';
import { DEFAULT_TENANT_ID, WF1_PLACE_SEARCH } from '@curation/sdk';
import { createTestDatabase, expectQueryBudget, TestDatabase, tickWorkflowOnce } from '@curation/sdk/testing';

import { bearer, createApiTestApp } from '../testing/api-test-app';

const KEY = 'single-search-key';
const BASE = '/api/v3/localminer-discoveryscan';
// The Single Search form's defaults in static/scraper-sky-mvp.html (tenant input value).
const TENANT = '550e8400-e29b-41d4-a716-446655440000';

/**
 * The Single Search tab (static/js/single-search-tab.js) replayed request for request against the real API,
 * the real WF1 loop and the fake Google server, asserting the fields the script reads and their types.
 */
describe('Single Search tab (static/js/single-search-tab.js, real PostgreSQL)', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let fake: FakePlacesServer;
  const auth = bearer();
  const server = () => app.getHttpServer();
  const count = async (): Promise<number> =>
    (await db.dataSource.query(`SELECT count(*)::int AS n FROM place_searches`))[0].n;

  beforeAll(async () => {
    fake = await startFakePlacesServer({ apiKey: KEY });
    db = await createTestDatabase();
    app = await createApiTestApp(db.url, { GOOGLE_MAPS_API_KEY: KEY });
  });

  afterAll(async () => {
    await app.close();
    await db.drop();
    await fake.close();
  });

  const runWf1 = async () => {
    const google = new GooglePlacesClient({
      flavour: 'new',
      apiKey: KEY,
      baseUrl: fake.url,
      pageTokenDelayMs: 0,
      requestsPerSecond: 0,
    });
    return tickWorkflowOnce(db.dataSource, WF1_PLACE_SEARCH, {
      owner: 'single-search-tab',
      clients: { googlePlaces: google },
      options: { placeSearchMaxPages: 3 },
      tuning: { batchSize: 10 },
    });
  };

  /** searchBtn click handler: the body exactly as it builds it from the form's string values. */
  const searchFromForm = (form: { businessType: string; location: string; radius: string; maxResults: string }) =>
    request(server())
      .post(`${BASE}/search/places`)
      .set('Content-Type', 'application/json')
      .set('Authorization', auth)
      .send(
        JSON.stringify({
          business_type: form.businessType,
          location: form.location,
          radius_km: parseInt(form.radius),
          max_results: parseInt(form.maxResults),
          tenant_id: TENANT,
        }),
      );

  /** checkStatus(): GET …/search/status/{currentJobId}. */
  const checkStatus = (jobId: string) =>
    request(server()).get(`${BASE}/search/status/${jobId}`).set('Authorization', auth);

  /** fetchSearchHistory(): GET …/search/history?limit=10&tenant_id=<tenant input>. */
  const fetchSearchHistory = () =>
    request(server()).get(`${BASE}/search/history?limit=10&tenant_id=${TENANT}`).set('Authorization', auth);

  it('searches with max_results, polls the status to complete with the printed fields, and lists the history as an array', async () => {
    const started = await searchFromForm({
      businessType: 'dentist',
      location: 'Houston, TX',
      radius: '10',
      maxResults: '20',
    });
    expect(started.status).toBe(202);
    expect(started.body).toEqual({ job_id: expect.any(String), status_url: expect.any(String), status: 'pending' });
    const jobId: string = started.body.job_id;
    const [stored] = await db.dataSource.query(`SELECT params, tenant_id FROM place_searches WHERE id = $1`, [jobId]);
    expect(stored).toEqual({ params: { radius_km: 10, max_results: 20 }, tenant_id: DEFAULT_TENANT_ID });

    // While pending, the script shows minimal progress and prints the query; counts are not defined yet.
    const pending = await checkStatus(jobId).expect(200);
    expect(pending.body).toMatchObject({
      job_id: jobId,
      status: 'pending',
      progress: 0,
      search_query: 'dentist',
      search_location: 'Houston, TX',
      created_at: expect.any(String),
      completed_at: null,
      error: null,
    });
    expect(pending.body).not.toHaveProperty('total_places');
    expect(pending.body).not.toHaveProperty('stored_places');

    expect(await runWf1()).toMatchObject({ claimed: 1, done: 1 });
    const complete = await expectQueryBudget(() => checkStatus(jobId).expect(200), 1);
    expect(complete.body).toEqual(
      expect.objectContaining({
        job_id: jobId,
        status: 'complete',
        progress: 1,
        search_query: 'dentist',
        search_location: 'Houston, TX',
        total_places: 20,
        stored_places: 20,
        max_results: 20,
        error: null,
      }),
    );
    expect(Number.isNaN(Date.parse(complete.body.created_at))).toBe(false);
    expect(Number.isNaN(Date.parse(complete.body.completed_at))).toBe(false);
    expect(
      (await db.dataSource.query(`SELECT count(*)::int AS n FROM places_staging WHERE search_job_id = $1`, [jobId]))[0]
        .n,
    ).toBe(20);

    const history = await expectQueryBudget(() => fetchSearchHistory().expect(200), 1);
    expect(Array.isArray(history.body)).toBe(true);
    expect(history.body.length).toBeGreaterThan(0);
    expect(history.body.length).toBeLessThanOrEqual(10);
    const item = history.body.find((s: { id: string }) => s.id === jobId);
    // The fields the history table and its Reuse/Results buttons read.
    expect(item).toEqual(
      expect.objectContaining({
        id: jobId,
        business_type: 'dentist',
        location: 'Houston, TX',
        status: 'complete',
        created_at: expect.any(String),
        updated_at: expect.any(String),
        params: expect.objectContaining({ radius_km: 10, max_results: 20 }),
      }),
    );
    expect(Number.isNaN(Date.parse(item.created_at))).toBe(false);
  });

  it('takes an empty Max Results field (parseInt gives NaN, sent as null) as no cap', async () => {
    const started = await searchFromForm({
      businessType: 'plumber',
      location: 'Austin, TX',
      radius: '5',
      maxResults: '',
    });
    expect(started.status).toBe(202);
    const [stored] = await db.dataSource.query(`SELECT params FROM place_searches WHERE id = $1`, [
      started.body.job_id,
    ]);
    expect(stored.params).toEqual({ radius_km: 5 });
  });

  it('lists the history newest first, honours its status filter and paging, and stays an array when empty', async () => {
    const res = await request(server()).get(`${BASE}/search/history?limit=1&offset=0`).set('Authorization', auth);
    expect(res.status).toBe(200);
    expect(res.body).toHaveLength(1);
    expect(res.body[0].business_type).toBe('plumber');
    const failed = await request(server()).get(`${BASE}/search/history?status=failed`).set('Authorization', auth);
    expect(failed.body).toEqual([]);
  });

  it.each([
    [{ max_results: 0 }, 'max_results must not be less than 1'],
    [{ max_results: 101 }, 'max_results must not be greater than 100'],
    [{ max_results: 2.5 }, 'max_results must be an integer'],
    [{ max_results: '20' }, 'max_results must be an integer'],
    [{ max_result: 20 }, 'property max_result should not exist'],
  ])('rejects %j with 400 naming the field, and writes nothing', async (extra, detail) => {
    const before = await count();
    const res = await request(server())
      .post(`${BASE}/search/places`)
      .set('Authorization', auth)
      .send({ business_type: 'dentist', location: 'Houston, TX', radius_km: 10, tenant_id: TENANT, ...extra });
    expect(res.status).toBe(400);
    expect(res.body.detail).toContain(detail);
    expect(await count()).toBe(before);
  });

  it.each([
    ['limit=0', 'limit must not be less than 1'],
    ['limit=101', 'limit must not be greater than 100'],
    ['status=done', 'allowed values'],
    ['tenant_id=default-tenant', 'tenant_id must be a UUID'],
    ['sort_by=created_at', 'property sort_by should not exist'],
  ])('rejects the history query %s with 400 and a detail', async (query, detail) => {
    const res = await request(server()).get(`${BASE}/search/history?${query}`).set('Authorization', auth);
    expect(res.status).toBe(400);
    expect(res.body.detail).toContain(detail);
  });
});
