import { INestApplication } from '@nestjs/common';
import request from 'supertest';

import { createTestDatabase, expectQueryBudget, insertBusinesses, TestDatabase } from '@curation/sdk/testing';

import { bearer, createApiTestApp } from '../testing/api-test-app';

/**
 * The reference frontend's Local Business Curation tab (static/scraper-sky-mvp.html, panel
 * `localBusinessCuration`), replayed request for request from static/js/local-business-curation-tab.js:
 * same paths, the parameters in the order URLSearchParams builds them, the same headers and bodies. Each
 * test asserts the fields that script then reads, with the types it uses them as.
 */
describe('Local Business Curation tab, replayed (static/js/local-business-curation-tab.js)', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let ids: string[];
  const PAGE_SIZE = 15; // localBusinessPageSize
  const token = bearer();
  // Every call of the tab sends exactly these two headers (fetchLocalBusinessData, batchUpdateLocalBusinessStatus).
  const tabGet = (path: string) =>
    request(app.getHttpServer()).get(path).set('Authorization', token).set('Content-Type', 'application/json');
  const tabPut = (path: string, payload: object) =>
    request(app.getHttpServer())
      .put(path)
      .set('Authorization', token)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify(payload));

  /** What renderLocalBusinessTable and updateLocalBusinessPagination read, with the types they use. */
  function expectTabPage(body: Record<string, unknown>, page: number): Record<string, unknown>[] {
    expect(body).toEqual(
      expect.objectContaining({
        items: expect.any(Array),
        page,
        pages: expect.any(Number),
        total: expect.any(Number),
      }),
    );
    const items = body.items as Record<string, unknown>[];
    for (const item of items) {
      // row.dataset.businessId / checkbox.value and selectedLocalBusinessIds
      expect(typeof item.id).toBe('string');
      // `item.business_name || 'N/A'`, `item.full_address || 'N/A'`
      expect(['string', 'object']).toContain(typeof item.business_name);
      expect(['string', 'object']).toContain(typeof item.full_address);
      // `item.website_url.startsWith('http://')` when truthy
      expect(item.website_url === null || typeof item.website_url === 'string').toBe(true);
      // `(item.status || 'New').toLowerCase()`
      expect(item.status === null || typeof item.status === 'string').toBe(true);
      // `item.domain_extraction_status.toLowerCase()` when truthy
      expect(item.domain_extraction_status === null || typeof item.domain_extraction_status === 'string').toBe(true);
    }
    return items;
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    ids = await insertBusinesses(
      db.dataSource,
      Array.from({ length: 20 }, (_, i) => (i % 4 === 3 ? null : `https://shop-${i}.example.com`)),
    );
    await db.dataSource.query(
      `UPDATE local_businesses SET business_name = 'Keller Plumbing', full_address = '1 Main St, Houston, TX'
        WHERE id = $1`,
      [ids[0]],
    );
    await db.dataSource.query(
      `UPDATE local_businesses SET status = 'Not a Fit', business_name = 'Keller Bakery' WHERE id = $1`,
      [ids[1]],
    );
    await db.dataSource.query(
      `UPDATE local_businesses SET status = 'Selected', domain_extraction_status = 'Error',
              domain_extraction_error = 'no website' WHERE id = $1`,
      [ids[2]],
    );
    app = await createApiTestApp(db.url);
  });

  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it('fetchLocalBusinessData(1) on tab activation: the default "New" filter (option selected in the HTML)', async () => {
    // queryParams = {page, size}; then .append('status', statusFilter)
    const res = await expectQueryBudget(
      () => tabGet(`/api/v3/local-businesses?page=1&size=${PAGE_SIZE}&status=New`).expect(200),
      2,
    );
    const items = expectTabPage(res.body, 1);
    expect(res.body).toMatchObject({ total: 18, pages: 2, size: PAGE_SIZE });
    expect(items).toHaveLength(PAGE_SIZE);
    expect(items.every((item) => item.status === 'New')).toBe(true);
  });

  it('fetchLocalBusinessData(currentLocalBusinessPage + 1) from localBusinessNextBtn: page 2 continues page 1', async () => {
    const first = await tabGet(`/api/v3/local-businesses?page=1&size=${PAGE_SIZE}&status=New`).expect(200);
    const second = await tabGet(`/api/v3/local-businesses?page=2&size=${PAGE_SIZE}&status=New`).expect(200);
    const rest = expectTabPage(second.body, 2);
    expect(rest).toHaveLength(3);
    const seen = [...first.body.items, ...rest].map((item) => item.id);
    expect(new Set(seen).size).toBe(18);
  });

  it('fetchLocalBusinessData with the name filter and the "Not a Fit" option, as URLSearchParams encodes them', async () => {
    // localBusinessStatusFilter value "Not a Fit" → status=Not+a+Fit; localBusinessNameFilter → business_name
    const res = await tabGet(
      `/api/v3/local-businesses?page=1&size=${PAGE_SIZE}&status=Not+a+Fit&business_name=keller`,
    ).expect(200);
    const items = expectTabPage(res.body, 1);
    expect(items.map((item) => [item.id, item.business_name, item.status])).toEqual([
      [ids[1], 'Keller Bakery', 'Not a Fit'],
    ]);
  });

  it('fetchLocalBusinessData with "-- All Statuses --" (empty value): no status parameter at all', async () => {
    const res = await tabGet(`/api/v3/local-businesses?page=1&size=${PAGE_SIZE}&business_name=Keller`).expect(200);
    const items = expectTabPage(res.body, 1);
    expect(items.map((item) => item.business_name).sort()).toEqual(['Keller Bakery', 'Keller Plumbing']);
    const plumbing = items.find((item) => item.id === ids[0]);
    expect(plumbing).toMatchObject({
      full_address: '1 Main St, Houston, TX',
      website_url: 'https://shop-0.example.com',
    });
  });

  it('renders a business without a website and one whose extraction failed (the N/A and badge branches)', async () => {
    const res = await tabGet(`/api/v3/local-businesses?page=1&size=${PAGE_SIZE}&status=Selected`).expect(200);
    expect(expectTabPage(res.body, 1)).toEqual([
      expect.objectContaining({ id: ids[2], status: 'Selected', domain_extraction_status: 'Error' }),
    ]);
    const all = await tabGet(`/api/v3/local-businesses?page=2&size=${PAGE_SIZE}`).expect(200);
    expect(expectTabPage(all.body, 2).some((item) => item.website_url === null)).toBe(true);
  });

  it('batchUpdateLocalBusinessStatus: PUT the selected ids and target status, read the counts, then refresh', async () => {
    const selected = [ids[3], ids[4], ids[5]];
    const res = await expectQueryBudget(
      () => tabPut('/api/v3/local-businesses/status', { local_business_ids: selected, status: 'Selected' }).expect(200),
      3,
    );
    // `result.updated_count || 0`, `result.queued_count || 0`
    expect(res.body).toEqual(expect.objectContaining({ updated_count: 3, queued_count: 3 }));
    const rows = await db.dataSource.query(
      `SELECT status::text AS s, domain_extraction_status::text AS p FROM local_businesses WHERE id = ANY($1::uuid[])`,
      [selected],
    );
    expect(rows).toEqual(Array.from({ length: 3 }, () => ({ s: 'Selected', p: 'Queued' })));
    // fetchLocalBusinessData(currentLocalBusinessPage) after the update
    const refreshed = await tabGet(`/api/v3/local-businesses?page=1&size=${PAGE_SIZE}&status=New`).expect(200);
    expect(expectTabPage(refreshed.body, 1).map((item) => item.id)).not.toEqual(expect.arrayContaining(selected));
    expect(refreshed.body.total).toBe(15);
  });

  it.each(['New', 'Selected', 'Maybe', 'Not a Fit', 'Archived'])(
    'batchUpdateLocalBusinessStatus with the #localBusinessBatchStatusUpdate option %j',
    async (status) => {
      const res = await tabPut('/api/v3/local-businesses/status', { local_business_ids: [ids[6]], status }).expect(200);
      expect(res.body).toEqual(expect.objectContaining({ updated_count: 1, queued_count: expect.any(Number) }));
      const [row] = await db.dataSource.query(`SELECT status::text AS s FROM local_businesses WHERE id = $1`, [ids[6]]);
      expect(row).toEqual({ s: status });
    },
  );

  it('answers failures with the `detail` string the tab shows (`errorData.detail || response.statusText`)', async () => {
    const expired = await request(app.getHttpServer())
      .get(`/api/v3/local-businesses?page=1&size=${PAGE_SIZE}&status=New`)
      .set('Authorization', bearer({ expiresIn: -5 }))
      .set('Content-Type', 'application/json');
    expect(expired.status).toBe(401);
    expect(typeof expired.body.detail).toBe('string');
    const unknownId = await tabPut('/api/v3/local-businesses/status', {
      local_business_ids: ['not-a-uuid'],
      status: 'Selected',
    });
    expect(unknownId.status).toBe(400);
    expect(unknownId.body.detail).toContain('local_business_ids');
  });
});
