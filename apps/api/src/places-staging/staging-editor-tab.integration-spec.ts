import { INestApplication } from '@nestjs/common';
import request from 'supertest';

import { DEFAULT_TENANT_ID } from '@curation/sdk';
import { createTestDatabase, expectQueryBudget, TestDatabase } from '@curation/sdk/testing';

import { bearer, createApiTestApp } from '../testing/api-test-app';

const PAGE_SIZE = 15; // stagingPageSize in static/js/staging-editor-tab.js
const PLACES = 20;

interface StagingItem {
  place_id: string;
  business_name: string | null;
  address: string | null;
  search_location: string | null;
  status: string;
  deep_scan_status: string | null;
}

/**
 * The Staging Editor tab (static/js/staging-editor-tab.js) replayed request for request: fetchStagingData()
 * and batchUpdateStagingStatus(), against the real API and PostgreSQL, asserting the fields the script reads.
 */
describe('Staging Editor tab (static/js/staging-editor-tab.js, real PostgreSQL)', () => {
  let db: TestDatabase;
  let app: INestApplication;
  const auth = bearer();
  const server = () => app.getHttpServer();

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createApiTestApp(db.url);
    const [{ id: jobId }] = await db.dataSource.query(
      `INSERT INTO place_searches (business_type, location, status) VALUES ('dentist', 'Houston, TX', 'complete') RETURNING id`,
    );
    // One place without an address, so the script's `address || search_location` fallback has something to use.
    await db.dataSource.query(
      `INSERT INTO places_staging (place_id, name, formatted_address, business_type, search_location, search_job_id,
                                   tenant_id, status, updated_at)
       SELECT 'place-' || lpad(n::text, 3, '0'), 'Dentist #' || n, CASE WHEN n = 1 THEN NULL ELSE n || ' Main St' END,
              'dentist', 'Houston, TX', $1, $2, 'New', now() - make_interval(mins => n)
         FROM generate_series(1, $3::int) AS n`,
      [jobId, DEFAULT_TENANT_ID, PLACES],
    );
  });

  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  /** fetchStagingData(page): GET with the JSON content type the script sets even on a GET. */
  const fetchStagingData = (page: number) =>
    request(server())
      .get(`/api/v3/places/staging?page=${page}&size=${PAGE_SIZE}`)
      .set('Authorization', auth)
      .set('Content-Type', 'application/json');

  /** batchUpdateStagingStatus(): PUT {place_ids, status} with the dropdown's value. */
  const batchUpdateStagingStatus = (placeIds: string[], status: string) =>
    request(server())
      .put('/api/v3/places/staging/status')
      .set('Authorization', auth)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ place_ids: placeIds, status }));

  const expectItemShape = (item: StagingItem) => {
    expect(typeof item.place_id).toBe('string');
    expect(typeof item.business_name).toBe('string');
    expect(item.address === null || typeof item.address === 'string').toBe(true);
    expect(typeof item.search_location).toBe('string');
    expect(typeof item.status).toBe('string');
    expect(item.deep_scan_status === null || typeof item.deep_scan_status === 'string').toBe(true);
    // Not read by the script, but part of the reference's PlaceStagingRecord.
    expect(item).toHaveProperty('last_deep_scanned_at');
  };

  it('loads page by page with the pagination fields and the row fields the table renders', async () => {
    const first = await expectQueryBudget(() => fetchStagingData(1).expect(200), 2);
    expect(first.body).toEqual(
      expect.objectContaining({
        page: 1,
        pages: Math.ceil(PLACES / PAGE_SIZE),
        total: PLACES,
        items: expect.any(Array),
      }),
    );
    expect(first.body.items).toHaveLength(PAGE_SIZE);
    first.body.items.forEach(expectItemShape);
    // Most recently updated first, as in the reference.
    expect(first.body.items[0]).toMatchObject({ place_id: 'place-001', business_name: 'Dentist #1', address: null });
    expect(first.body.items[0].search_location).toBe('Houston, TX');

    const second = await fetchStagingData(2).expect(200);
    expect(second.body).toMatchObject({ page: 2, pages: 2, total: PLACES });
    expect(second.body.items).toHaveLength(PLACES - PAGE_SIZE);
    const seen = [...first.body.items, ...second.body.items].map((i: StagingItem) => i.place_id);
    expect(new Set(seen).size).toBe(PLACES);
  });

  it.each(['New', 'Selected', 'Maybe', 'Not a Fit', 'Archived'])(
    'updates the selected rows to the dropdown value %j and answers the two counts the script shows',
    async (status) => {
      const ids = ['place-002', 'place-003'];
      const res = await expectQueryBudget(() => batchUpdateStagingStatus(ids, status).expect(200), 3);
      expect(typeof res.body.updated_count).toBe('number');
      expect(typeof res.body.queued_count).toBe('number');
      const rows = await db.dataSource.query(
        `SELECT status::text FROM places_staging WHERE place_id = ANY($1) ORDER BY place_id`,
        [ids],
      );
      expect(rows).toEqual([{ status }, { status }]);
    },
  );

  it('queues the deep scan when rows are Selected, and the refreshed page shows it in deep_scan_status', async () => {
    const ids = ['place-010', 'place-011', 'place-012'];
    const res = await batchUpdateStagingStatus(ids, 'Selected').expect(200);
    expect(res.body).toMatchObject({ updated_count: 3, queued_count: 3 });
    const pages = [...(await fetchStagingData(1)).body.items, ...(await fetchStagingData(2)).body.items];
    const shown = pages.filter((i: StagingItem) => ids.includes(i.place_id));
    expect(shown.map((i: StagingItem) => [i.status, i.deep_scan_status])).toEqual([
      ['Selected', 'Queued'],
      ['Selected', 'Queued'],
      ['Selected', 'Queued'],
    ]);
  });

  it.each([
    [{ place_ids: ['place-004'], status: '' }, 'allowed values'],
    [{ place_ids: ['place-004'], status: 'Rejected' }, 'allowed values'],
    [{ place_ids: [], status: 'Maybe' }, 'place_ids must contain at least 1 id'],
    [
      { place_ids: ['place-004'], status: 'Maybe', tenant_id: DEFAULT_TENANT_ID },
      'property tenant_id should not exist',
    ],
  ])('rejects %j with 400 and a detail, and writes nothing', async (body, detail) => {
    const snapshot = () => db.dataSource.query(`SELECT place_id, status::text FROM places_staging ORDER BY place_id`);
    const before = await snapshot();
    const res = await request(server()).put('/api/v3/places/staging/status').set('Authorization', auth).send(body);
    expect(res.status).toBe(400);
    expect(res.body.detail).toContain(detail);
    expect(await snapshot()).toEqual(before);
  });

  it("accepts the reference's trigger_deep_scan flag (selecting queues either way) and refuses unknown query fields", async () => {
    const flagged = await request(server())
      .put('/api/v3/places/staging/status?trigger_deep_scan=false')
      .set('Authorization', auth)
      .send({ place_ids: ['place-013'], status: 'Selected' });
    expect(flagged.status).toBe(200);
    expect(flagged.body).toMatchObject({ updated_count: 1, queued_count: 1 });
    for (const [query, detail] of [
      ['trigger_deep_scan=maybe', 'trigger_deep_scan must be a boolean value'],
      ['queue=true', 'property queue should not exist'],
    ]) {
      const res = await request(server())
        .put(`/api/v3/places/staging/status?${query}`)
        .set('Authorization', auth)
        .send({ place_ids: ['place-014'], status: 'Selected' });
      expect([res.status, res.body.detail]).toEqual([400, expect.stringContaining(detail)]);
    }
    expect(await db.dataSource.query(`SELECT status::text FROM places_staging WHERE place_id = 'place-014'`)).toEqual([
      { status: 'New' },
    ]);
  });

  it.each([
    ['size=201', 'size must not be greater than 200'],
    ['page=0', 'page must not be less than 1'],
    ['status=Bogus', 'allowed values'],
    ['sort_by=name', 'property sort_by should not exist'],
  ])('rejects the list query %s with 400 and a detail', async (query, detail) => {
    const res = await request(server()).get(`/api/v3/places/staging?${query}`).set('Authorization', auth);
    expect(res.status).toBe(400);
    expect(res.body.detail).toContain(detail);
  });
});
