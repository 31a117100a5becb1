import { INestApplication } from '@nestjs/common';
import request from 'supertest';

import { GooglePlacesClient } from '@curation/integrations';
import { FakePlacesServer, startFakePlacesServer } from '@curation/integrations/testing';
import { WF1_PLACE_SEARCH } from '@curation/sdk';
import { createTestDatabase, expectQueryBudget, TestDatabase, tickWorkflowOnce } from '@curation/sdk/testing';

import { bearer, createApiTestApp } from '../testing/api-test-app';

const KEY = 'results-viewer-key';
const BASE = '/api/v3/localminer-discoveryscan';
const TENANT = '550e8400-e29b-41d4-a716-446655440000';

interface ResultPlace {
  id: string;
  place_id: string;
  name: string;
  formatted_address: string | null;
  vicinity: string | null;
  business_type: string | null;
  rating: number | null;
  user_ratings_total: number | null;
  status: string;
  search_location: string | null;
  search_time: string | null;
}

/** The Results Viewer's form, as fetchResults() reads it (static/scraper-sky-mvp.html defaults). */
interface ViewerForm {
  status?: string;
  businessType?: string;
  location?: string;
  sortBy?: string;
  sortDir?: string;
  limit?: number;
  page?: number;
}

/**
 * The Results Viewer tab (static/js/results-viewer-tab.js) replayed request for request: fetchResults(),
 * updateLegacyPlaceStatus() and batchUpdateLegacyStatus(), against the real API and PostgreSQL, with places
 * staged by the real WF1 loop from the fake Google server.
 */
describe('Results Viewer tab (static/js/results-viewer-tab.js, real PostgreSQL)', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let fake: FakePlacesServer;
  let jobId: string;
  const auth = bearer();
  const server = () => app.getHttpServer();

  beforeAll(async () => {
    fake = await startFakePlacesServer({ apiKey: KEY, placesPerQuery: 12 });
    db = await createTestDatabase();
    app = await createApiTestApp(db.url, { GOOGLE_MAPS_API_KEY: KEY });
    const started = await request(server())
      .post(`${BASE}/search/places`)
      .set('Authorization', auth)
      .send({ business_type: 'dentist', location: 'Seattle, WA', radius_km: 10, max_results: 20, tenant_id: TENANT })
      .expect(202);
    jobId = started.body.job_id;
    const google = new GooglePlacesClient({
      flavour: 'new',
      apiKey: KEY,
      baseUrl: fake.url,
      pageTokenDelayMs: 0,
      requestsPerSecond: 0,
    });
    expect(
      await tickWorkflowOnce(db.dataSource, WF1_PLACE_SEARCH, {
        owner: 'results-viewer-tab',
        clients: { googlePlaces: google },
        options: { placeSearchMaxPages: 3 },
        tuning: { batchSize: 10 },
      }),
    ).toMatchObject({ done: 1 });
    // Variety for sorting and filtering: a place without a rating, curated places, another type and location,
    // and distinct search times.
    await db.dataSource.query(
      `UPDATE places_staging SET search_time = now() - make_interval(mins => id) WHERE search_job_id = $1`,
      [jobId],
    );
    const ids: string[] = (
      await db.dataSource.query(`SELECT place_id FROM places_staging WHERE search_job_id = $1 ORDER BY id`, [jobId])
    ).map((r: { place_id: string }) => r.place_id);
    await db.dataSource.query(`UPDATE places_staging SET rating = NULL WHERE place_id = $1`, [ids[0]]);
    await db.dataSource.query(`UPDATE places_staging SET status = 'Not a Fit' WHERE place_id = ANY($1)`, [
      ids.slice(1, 4),
    ]);
    await db.dataSource.query(
      `UPDATE places_staging SET business_type = 'orthodontist', search_location = 'Tacoma, WA' WHERE place_id = ANY($1)`,
      [ids.slice(3, 6)],
    );
  });

  afterAll(async () => {
    await app.close();
    await db.drop();
    await fake.close();
  });

  /** fetchResults(): the URL exactly as it concatenates it; the browser percent-encodes the raw status value. */
  const fetchResults = (form: ViewerForm = {}) => {
    const limit = form.limit ?? 100;
    const offset = ((form.page ?? 1) - 1) * limit;
    let url = `${BASE}/results/${jobId}?limit=${limit}&offset=${offset}`;
    if (form.status) url += `&filter_status=${form.status}`;
    if (form.businessType) url += `&filter_business_type=${encodeURIComponent(form.businessType)}`;
    if (form.location) url += `&filter_location=${encodeURIComponent(form.location)}`;
    const sortBy = form.sortBy ?? 'search_time';
    const sortDir = form.sortDir ?? 'desc';
    if (sortBy) url += `&sort_by=${sortBy}`;
    if (sortDir) url += `&sort_dir=${sortDir}`;
    return request(server()).get(encodeURI(url)).set('Authorization', auth);
  };

  /** updateLegacyPlaceStatus(): one place, from the row's status select. */
  const updateLegacyPlaceStatus = (placeId: string, status: string, tenant = TENANT) =>
    request(server())
      .post(`${BASE}/places/staging/status`)
      .set('Content-Type', 'application/json')
      .set('Authorization', auth)
      .send(JSON.stringify({ place_ids: [placeId], status, tenant_id: tenant }));

  /** batchUpdateLegacyStatus(): the selected places, from "Update N Selected". */
  const batchUpdateLegacyStatus = (placeIds: string[], status: string, tenant = TENANT) =>
    request(server())
      .post(`${BASE}/places/staging/batch`)
      .set('Content-Type', 'application/json')
      .set('Authorization', auth)
      .send(JSON.stringify({ place_ids: placeIds, status, tenant_id: tenant }));

  const placesOf = (body: { places: ResultPlace[] }) => body.places;

  it('loads with its default request and returns every field the table, tooltip and statistics read', async () => {
    const res = await expectQueryBudget(() => fetchResults().expect(200), 2);
    expect(res.body).toMatchObject({ total: 12, limit: 100, offset: 0, filters: {} });
    expect(res.body.job_info).toEqual(
      expect.objectContaining({
        job_id: jobId,
        business_type: 'dentist',
        location: 'Seattle, WA',
        status: 'complete',
        created_at: expect.any(String),
        completed_at: expect.any(String),
      }),
    );
    const places = placesOf(res.body);
    expect(places).toHaveLength(12);
    for (const place of places) {
      expect(place).toEqual(
        expect.objectContaining({
          id: expect.any(String),
          place_id: expect.any(String),
          name: expect.any(String),
          formatted_address: expect.any(String),
          vicinity: expect.any(String),
          business_type: expect.any(String),
          status: expect.any(String),
          search_time: expect.any(String),
          user_ratings_total: expect.any(Number),
        }),
      );
      expect(place.rating === null || typeof place.rating === 'number').toBe(true);
      expect(Number.isNaN(Date.parse(place.search_time ?? ''))).toBe(false);
      for (const field of ['notes', 'latitude', 'longitude', 'search_job_id']) expect(place).toHaveProperty(field);
    }
    // search_time desc: the newest search time first.
    const times = places.map((p) => Date.parse(p.search_time ?? ''));
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  const sortValue = (place: ResultPlace, key: string): string | number | null => {
    if (key === 'search_time') return place.search_time ? Date.parse(place.search_time) : null;
    if (key === 'location') return place.search_location;
    if (key === 'rating') return place.rating;
    if (key === 'name') return place.name;
    if (key === 'business_type') return place.business_type;
    return ['New', 'Selected', 'Maybe', 'Not a Fit', 'Archived'].indexOf(place.status);
  };

  it.each(
    ['search_time', 'name', 'rating', 'business_type', 'location', 'status'].flatMap((key) => [
      [key, 'asc'],
      [key, 'desc'],
    ]),
  )('sorts by %s %s, places without a value last', async (sortBy, sortDir) => {
    const places = placesOf((await fetchResults({ sortBy, sortDir }).expect(200)).body);
    const values = places.map((p) => sortValue(p, sortBy));
    const present = values.filter((v) => v !== null);
    const sign = sortDir === 'asc' ? 1 : -1;
    const compare = (a: string | number, b: string | number) =>
      sign * (typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b), 'en'));
    expect(values).toEqual([
      ...[...present].sort((a, b) => compare(a as string | number, b as string | number)),
      ...values.filter((v) => v === null),
    ]);
    if (sortBy === 'rating') expect(values[values.length - 1]).toBeNull();
  });

  it('pages with limit and offset as its Previous/Next buttons compute them, without overlap', async () => {
    const first = placesOf((await fetchResults({ limit: 10, page: 1 }).expect(200)).body);
    const second = await fetchResults({ limit: 10, page: 2 }).expect(200);
    expect(second.body).toMatchObject({ total: 12, limit: 10, offset: 10 });
    expect(first).toHaveLength(10);
    expect(placesOf(second.body)).toHaveLength(2);
    const all = [...first, ...placesOf(second.body)].map((p) => p.place_id);
    expect(new Set(all).size).toBe(12);
  });

  it('filters by status, business type and location, and echoes the filters it applied', async () => {
    const res = await fetchResults({ status: 'Not a Fit', businessType: 'ortho', location: 'tacoma' }).expect(200);
    expect(res.body.filters).toEqual({ status: 'Not a Fit', business_type: 'ortho', location: 'tacoma' });
    expect(res.body.total).toBe(1);
    expect(placesOf(res.body)).toEqual([
      expect.objectContaining({ status: 'Not a Fit', business_type: 'orthodontist', search_location: 'Tacoma, WA' }),
    ]);
    const none = await fetchResults({ location: 'Nowhere' }).expect(200);
    expect(none.body).toMatchObject({ total: 0, places: [] });
  });

  it('sets one place status from the row select and many from "Update N Selected", by the dual-status rule', async () => {
    const places = placesOf((await fetchResults({ sortBy: 'name', sortDir: 'asc' }).expect(200)).body);
    const one = await expectQueryBudget(() => updateLegacyPlaceStatus(places[0].place_id, 'Maybe').expect(200), 3);
    expect(one.body).toEqual(
      expect.objectContaining({ success: true, updated_count: 1, queued_count: 0, status: 'Maybe' }),
    );
    // The script's fallback tenant when the tenant input is missing.
    await updateLegacyPlaceStatus(places[1].place_id, 'Not a Fit', 'default-tenant').expect(200);
    const chosen = places.slice(2, 5).map((p) => p.place_id);
    const batch = await expectQueryBudget(() => batchUpdateLegacyStatus(chosen, 'Selected').expect(200), 3);
    expect(batch.body).toEqual(expect.objectContaining({ success: true, updated_count: 3, queued_count: 3 }));
    const rows = await db.dataSource.query(
      `SELECT place_id, status::text, deep_scan_status::text AS scan FROM places_staging WHERE place_id = ANY($1) ORDER BY name`,
      [places.slice(0, 5).map((p) => p.place_id)],
    );
    expect(rows.map((r: { status: string; scan: string | null }) => [r.status, r.scan])).toEqual([
      ['Maybe', null],
      ['Not a Fit', null],
      ['Selected', 'Queued'],
      ['Selected', 'Queued'],
      ['Selected', 'Queued'],
    ]);
    // The refreshed table shows the new statuses.
    const refreshed = placesOf((await fetchResults({ sortBy: 'name', sortDir: 'asc' }).expect(200)).body);
    expect(refreshed.slice(0, 5).map((p) => p.status)).toEqual([
      'Maybe',
      'Not a Fit',
      'Selected',
      'Selected',
      'Selected',
    ]);
  });

  it.each([
    ['sort_by=popularity', 'sort_by must be one of: search_time, name, rating, business_type, location, status'],
    ['sort_dir=sideways', 'sort_dir must be asc or desc'],
    ['filter_status=Bogus', 'allowed values'],
    ['limit=0', 'limit must not be less than 1'],
    ['limit=1001', 'limit must not be greater than 1000'],
    ['sort=name', 'property sort should not exist'],
  ])('rejects the results query %s with 400 naming the field', async (query, detail) => {
    const res = await request(server()).get(`${BASE}/results/${jobId}?${query}`).set('Authorization', auth);
    expect(res.status).toBe(400);
    expect(res.body.detail).toContain(detail);
  });

  it('answers 404 for an unknown job', async () => {
    const res = await request(server())
      .get(`${BASE}/results/00000000-0000-4000-8000-000000000000?limit=100&offset=0&sort_by=search_time&sort_dir=desc`)
      .set('Authorization', auth);
    expect([res.status, res.body.detail]).toEqual([404, 'Unknown job id']);
  });

  it.each([
    ['status', { place_ids: ['x'], status: 'approved' }, 'allowed values'],
    ['status', { place_ids: [], status: 'Maybe' }, 'place_ids must contain at least 1 id'],
    ['batch', { place_ids: ['x'] }, 'status'],
    ['batch', { place_ids: ['x'], status: 'Maybe', places: [] }, 'property places should not exist'],
  ])('POST places/staging/%s rejects %j with 400 and writes nothing', async (path, body, detail) => {
    const snapshot = () => db.dataSource.query(`SELECT place_id, status::text FROM places_staging ORDER BY place_id`);
    const before = await snapshot();
    const res = await request(server()).post(`${BASE}/places/staging/${path}`).set('Authorization', auth).send(body);
    expect(res.status).toBe(400);
    expect(res.body.detail).toContain(detail);
    expect(await snapshot()).toEqual(before);
  });
});
