import { INestApplication } from '@nestjs/common';
import request from 'supertest';

import { DEFAULT_TENANT_ID } from '@curation/sdk';
import { createTestDatabase, expectQueryBudget, TestDatabase } from '@curation/sdk/testing';

import { bearer, createApiTestApp } from '../testing/api-test-app';

/**
 * The reference frontend's Domain Curation tab (static/scraper-sky-mvp.html, panel `domainCurationPanel`),
 * replayed request for request from static/js/domain-curation-tab.js, plus the domain autocomplete that
 * feeds the Sitemap Curation filters (static/js/sitemap-curation-tab.js fetchDomainSuggestions): same
 * paths (trailing slash included), parameters in URLSearchParams order, the same headers and bodies.
 * Each test asserts the fields those scripts then read, with the types they use them as.
 */
describe('Domain Curation tab and its domain autocomplete, replayed (static/js/domain-curation-tab.js)', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let ids: string[];
  const PAGE_SIZE_DC = 15;
  const token = bearer();
  // fetchDomainCurationData and batchUpdateDomainCurationStatus send exactly these two headers.
  const tabGet = (path: string) =>
    request(app.getHttpServer()).get(path).set('Authorization', token).set('Content-Type', 'application/json');
  const tabPut = (path: string, payload: object) =>
    request(app.getHttpServer())
      .put(path)
      .set('Authorization', token)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify(payload));

  /** What renderDomainCurationTable and updateDomainCurationPagination read, with the types they use. */
  function expectTabPage(body: Record<string, unknown>, page: number): Record<string, unknown>[] {
    expect(body).toEqual(
      expect.objectContaining({ items: expect.any(Array), page, pages: expect.any(Number), total: expect.any(Number) }),
    );
    const items = body.items as Record<string, unknown>[];
    for (const item of items) {
      // row.dataset.domainId, checkbox.value, selectedDomainIds (sent back as domain_ids)
      expect(typeof item.id).toBe('string');
      // `item.domain || 'N/A'`
      expect(typeof item.domain).toBe('string');
      // `(item.sitemap_curation_status || 'New').toLowerCase()`
      expect(item.sitemap_curation_status === null || typeof item.sitemap_curation_status === 'string').toBe(true);
      // `item.sitemap_analysis_status.toLowerCase()` when truthy
      expect(item.sitemap_analysis_status === null || typeof item.sitemap_analysis_status === 'string').toBe(true);
      // `item.sitemap_analysis_error.length` / `.substring(0, 27)` when truthy
      expect(item.sitemap_analysis_error === null || typeof item.sitemap_analysis_error === 'string').toBe(true);
      // `new Date(item.updated_at).toLocaleString()`
      expect(Number.isNaN(new Date(item.updated_at as string).getTime())).toBe(false);
    }
    return items;
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    const rows: { id: string }[] = await db.dataSource.query(
      `INSERT INTO domains (domain, tenant_id, updated_at)
       SELECT 'shop-' || lpad(n::text, 2, '0') || '.example.com', $1, now() - (20 - n) * interval '1 second'
         FROM generate_series(1, 20) AS n
       ORDER BY n
       RETURNING id`,
      [DEFAULT_TENANT_ID],
    );
    ids = rows.map((r) => r.id);
    await db.dataSource.query(`UPDATE domains SET domain = 'keller-plumbing.com' WHERE id = $1`, [ids[0]]);
    await db.dataSource.query(
      `UPDATE domains SET domain = 'keller-bakery.com', sitemap_curation_status = 'Not a Fit' WHERE id = $1`,
      [ids[1]],
    );
    await db.dataSource.query(
      `UPDATE domains SET sitemap_curation_status = 'Selected', sitemap_analysis_status = 'failed',
              sitemap_analysis_error = 'robots.txt and every common sitemap path answered 404' WHERE id = $1`,
      [ids[2]],
    );
    app = await createApiTestApp(db.url);
  });

  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it('fetchDomainCurationData(1) from initializeDomainCurationTab: the default "New" filter of the HTML', async () => {
    // queryParams = {page, size}; then .append('sitemap_curation_status', statusFilter)
    const res = await expectQueryBudget(
      () => tabGet(`/api/v3/domains?page=1&size=${PAGE_SIZE_DC}&sitemap_curation_status=New`).expect(200),
      2,
    );
    const items = expectTabPage(res.body, 1);
    expect(res.body).toMatchObject({ total: 18, pages: 2 });
    expect(items).toHaveLength(PAGE_SIZE_DC);
    expect(items.every((item) => item.sitemap_curation_status === 'New')).toBe(true);
  });

  it('handleDCPagination("next"): page 2 continues page 1', async () => {
    const first = await tabGet(`/api/v3/domains?page=1&size=${PAGE_SIZE_DC}&sitemap_curation_status=New`).expect(200);
    const second = await tabGet(`/api/v3/domains?page=2&size=${PAGE_SIZE_DC}&sitemap_curation_status=New`).expect(200);
    const rest = expectTabPage(second.body, 2);
    expect(rest).toHaveLength(3);
    expect(new Set([...first.body.items, ...rest].map((item) => item.id)).size).toBe(18);
  });

  it('fetchDomainCurationData with the name filter (`domain`) and the "Not a Fit" option, URLSearchParams-encoded', async () => {
    const res = await tabGet(
      `/api/v3/domains?page=1&size=${PAGE_SIZE_DC}&sitemap_curation_status=Not+a+Fit&domain=keller`,
    ).expect(200);
    expect(expectTabPage(res.body, 1).map((item) => [item.id, item.domain, item.sitemap_curation_status])).toEqual([
      [ids[1], 'keller-bakery.com', 'Not a Fit'],
    ]);
  });

  it('fetchDomainCurationData after resetDomainCurationFilters / "-- All Statuses --": no status parameter', async () => {
    const res = await tabGet(`/api/v3/domains?page=1&size=${PAGE_SIZE_DC}&domain=keller`).expect(200);
    expect(
      expectTabPage(res.body, 1)
        .map((item) => item.domain)
        .sort(),
    ).toEqual(['keller-bakery.com', 'keller-plumbing.com']);
  });

  it('renders the analysis status badge and the error tooltip of a failed domain', async () => {
    const res = await tabGet(`/api/v3/domains?page=1&size=${PAGE_SIZE_DC}&sitemap_curation_status=Selected`).expect(
      200,
    );
    expect(expectTabPage(res.body, 1)).toEqual([
      expect.objectContaining({
        id: ids[2],
        sitemap_analysis_status: 'failed',
        sitemap_analysis_error: 'robots.txt and every common sitemap path answered 404',
      }),
    ]);
  });

  it('batchUpdateDomainCurationStatus: PUT the selected ids, read the counts, then refresh the current page', async () => {
    const selected = [ids[3], ids[4], ids[5]];
    const res = await expectQueryBudget(
      () =>
        tabPut('/api/v3/domains/sitemap-curation/status', {
          domain_ids: selected,
          sitemap_curation_status: 'Selected',
        }).expect(200),
      3,
    );
    // `result.updated_count || 0`, `result.queued_count || 0`
    expect(res.body).toEqual(expect.objectContaining({ updated_count: 3, queued_count: 3 }));
    const rows = await db.dataSource.query(
      `SELECT sitemap_curation_status::text AS c, sitemap_analysis_status::text AS a FROM domains WHERE id = ANY($1::uuid[])`,
      [selected],
    );
    expect(rows).toEqual(Array.from({ length: 3 }, () => ({ c: 'Selected', a: 'queued' })));
    const refreshed = await tabGet(`/api/v3/domains?page=1&size=${PAGE_SIZE_DC}&sitemap_curation_status=New`).expect(
      200,
    );
    expect(refreshed.body.total).toBe(15);
    expect(expectTabPage(refreshed.body, 1).map((item) => item.id)).not.toEqual(expect.arrayContaining(selected));
  });

  it.each(['New', 'Selected', 'Maybe', 'Not a Fit', 'Archived'])(
    'batchUpdateDomainCurationStatus with the #domainCurationBatchStatusUpdate option %j',
    async (status) => {
      const res = await tabPut('/api/v3/domains/sitemap-curation/status', {
        domain_ids: [ids[6]],
        sitemap_curation_status: status,
      }).expect(200);
      expect(res.body).toEqual(expect.objectContaining({ updated_count: 1, queued_count: expect.any(Number) }));
      const [row] = await db.dataSource.query(`SELECT sitemap_curation_status::text AS c FROM domains WHERE id = $1`, [
        ids[6],
      ]);
      expect(row).toEqual({ c: status });
    },
  );

  describe('domain autocomplete (static/js/sitemap-curation-tab.js fetchDomainSuggestions)', () => {
    // `${API_BASE_URL}/domains/?domain_filter=${encodeURIComponent(query)}`, Authorization + Accept headers,
    // no size (the reference's default page), sent once the typed query has 2 characters or more.
    const suggest = (query: string) =>
      request(app.getHttpServer())
        .get(`/api/v3/domains/?domain_filter=${encodeURIComponent(query)}`)
        .set('Authorization', token)
        .set('Accept', 'application/json');

    it('answers at the trailing-slash path with the items renderDomainSuggestions reads (domain, id)', async () => {
      const res = await expectQueryBudget(() => suggest('ke').expect(200), 2);
      const items = (res.body.items ?? []) as Record<string, unknown>[];
      expect(items.map((item) => item.domain).sort()).toEqual(['keller-bakery.com', 'keller-plumbing.com']);
      for (const item of items) {
        expect(typeof item.domain).toBe('string'); // item.textContent = domain.domain
        expect(typeof item.id).toBe('string'); // item.dataset.domainId = domain.id
      }
      // handleDomainSuggestionClick stores the id; it must be the domain's own.
      expect(items.find((item) => item.domain === 'keller-plumbing.com')?.id).toBe(ids[0]);
    });

    it('matches case-insensitively anywhere in the name, URL-encoded input included, and answers [] for no match', async () => {
      const upper = await suggest('BAKERY').expect(200);
      expect(upper.body.items.map((item: { domain: string }) => item.domain)).toEqual(['keller-bakery.com']);
      const prefix = await suggest('shop-1').expect(200);
      expect(prefix.body.items.map((item: { domain: string }) => item.domain)).toHaveLength(10);
      const wildcard = await suggest('%_').expect(200);
      expect(wildcard.body.items).toEqual([]);
      const none = await suggest('zz-nothing').expect(200);
      expect(none.body.items).toEqual([]);
    });

    it('asks for no size, so it gets the reference default page of 20', async () => {
      const res = await suggest('.example.com').expect(200);
      expect(res.body).toMatchObject({ total: 18, size: 20 });
      expect(res.body.items).toHaveLength(18);
    });
  });

  it('answers failures with the `detail` string the tab shows (`errorData.detail || response.statusText`)', async () => {
    const expired = await request(app.getHttpServer())
      .get(`/api/v3/domains?page=1&size=${PAGE_SIZE_DC}&sitemap_curation_status=New`)
      .set('Authorization', bearer({ expiresIn: -5 }))
      .set('Content-Type', 'application/json');
    expect(expired.status).toBe(401);
    expect(typeof expired.body.detail).toBe('string');
    const bad = await tabPut('/api/v3/domains/sitemap-curation/status', {
      domain_ids: ['not-a-uuid'],
      sitemap_curation_status: 'Selected',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toContain('domain_ids');
  });
});
