import { INestApplication } from '@nestjs/common';
import request from 'supertest';

import { findNPlusOne } from '@curation/sdk';
import {
  createTestDatabase,
  generateFixtures,
  insertFixtures,
  recordQueries,
  TestDatabase,
} from '@curation/sdk/testing';

import { bearer, createApiTestApp } from '../testing/api-test-app';

const API_BASE_URL = '/api/v3';
const PAGE_SIZE = 15;

interface Item {
  id: string;
  sitemap_url: string;
  domain_name: string;
  deep_scrape_curation_status: string | null;
  deep_scrape_process_status: string | null;
  status: string | null;
  updated_at: string;
}

/**
 * The reference's Sitemap Curation tab (static/js/sitemap-curation-tab.js), request for request: the query
 * strings are built the way the script builds them (URLSearchParams over page, size, the fixed sort and the
 * current filters), with the headers it sends, and every field its renderers read is asserted with its type.
 */
describe('Sitemap Curation tab (static/js/sitemap-curation-tab.js) against the real API', () => {
  let db: TestDatabase;
  let app: INestApplication;
  const auth = bearer();
  const headers = { Authorization: auth, Accept: 'application/json' };

  beforeAll(async () => {
    db = await createTestDatabase();
    await insertFixtures(db.dataSource, generateFixtures({ count: 60 }));
    app = await createApiTestApp(db.url);
  });

  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  /** fetchData(): `${API_BASE_URL}/sitemap-files/?${params}`, empty filters deleted. */
  const fetchData = (currentPage: number, currentFilters: Record<string, string | undefined>) => {
    const params = new URLSearchParams({
      page: String(currentPage),
      size: String(PAGE_SIZE),
      sort_by: 'updated_at',
      sort_desc: 'true',
      ...Object.fromEntries(Object.entries(currentFilters).map(([k, v]) => [k, v ?? ''])),
    });
    for (const key of Object.keys(currentFilters)) if (!currentFilters[key]) params.delete(key);
    return request(app.getHttpServer()).get(`${API_BASE_URL}/sitemap-files/?${params.toString()}`).set(headers);
  };

  /** What renderTable() and updatePagination() read. */
  const expectTabShape = (body: { items: Item[]; page: number; pages: number; total: number }) => {
    expect(body).toEqual(
      expect.objectContaining({
        items: expect.any(Array),
        page: expect.any(Number),
        pages: expect.any(Number),
        total: expect.any(Number),
      }),
    );
    for (const item of body.items) {
      expect(item).toEqual(
        expect.objectContaining({
          id: expect.any(String),
          sitemap_url: expect.any(String),
          domain_name: expect.any(String),
          updated_at: expect.any(String),
        }),
      );
      for (const key of ['deep_scrape_curation_status', 'deep_scrape_process_status', 'status'] as const)
        expect(item[key] === null || typeof item[key] === 'string').toBe(true);
      expect(Number.isNaN(new Date(item.updated_at).getTime())).toBe(false);
    }
  };

  const newestFirst = (items: Item[]) =>
    items.every((item, i) => i === 0 || new Date(items[i - 1].updated_at) >= new Date(item.updated_at));

  it('initializeTab() → fetchData(): the default New filter with sort_by=updated_at&sort_desc=true, honoured', async () => {
    const res = await fetchData(1, { deep_scrape_curation_status: 'New' }).expect(200);
    expectTabShape(res.body);
    const [{ n }] = await db.dataSource.query(
      `SELECT count(*)::int AS n FROM sitemap_files WHERE deep_scrape_curation_status = 'New'`,
    );
    expect(n).toBeGreaterThan(0);
    expect(res.body).toMatchObject({ total: n, page: 1, size: PAGE_SIZE, pages: Math.ceil(n / PAGE_SIZE) });
    expect(res.body.items.every((i: Item) => i.deep_scrape_curation_status === 'New')).toBe(true);
    expect(newestFirst(res.body.items)).toBe(true);
  });

  it('handlePagination("next") → fetchData(): page 2 continues page 1 without overlap', async () => {
    const all = await request(app.getHttpServer())
      .get(`${API_BASE_URL}/sitemap-files/?page=1&size=200&sort_by=updated_at&sort_desc=true`)
      .set(headers)
      .expect(200);
    const one = await fetchData(1, {}).expect(200);
    const two = await fetchData(2, {}).expect(200);
    expectTabShape(two.body);
    expect(two.body.page).toBe(2);
    expect([...one.body.items, ...two.body.items].map((i: Item) => i.id)).toEqual(
      all.body.items.slice(0, 2 * PAGE_SIZE).map((i: Item) => i.id),
    );
  });

  it('fetchDomainSuggestions() and handleApplyFilters(): every filter the tab sends is honoured', async () => {
    const [file] = await db.dataSource.query(
      `SELECT f.domain_id, d.domain, f.url, f.sitemap_type, f.discovery_method, f.deep_scrape_curation_status::text AS curation
         FROM sitemap_files f JOIN domains d ON d.id = f.domain_id ORDER BY f.url LIMIT 1`,
    );
    // The typeahead: `${API_BASE_URL}/domains/?domain_filter=${encodeURIComponent(query)}`, reads items[].domain/id.
    const query = file.domain;
    const suggestions = await request(app.getHttpServer())
      .get(`${API_BASE_URL}/domains/?domain_filter=${encodeURIComponent(query)}`)
      .set(headers)
      .expect(200);
    const picked = suggestions.body.items.find((d: { id: string; domain: string }) => d.domain === file.domain);
    expect(picked).toEqual(expect.objectContaining({ id: file.domain_id, domain: file.domain }));

    const urlPart = file.url.slice(file.url.lastIndexOf('/') + 1, -2);
    const res = await fetchData(1, {
      domain_id: picked.id,
      deep_scrape_curation_status: file.curation,
      url_contains: urlPart,
      sitemap_type: file.sitemap_type,
      discovery_method: file.discovery_method,
    }).expect(200);
    expectTabShape(res.body);
    const [{ n }] = await db.dataSource.query(
      `SELECT count(*)::int AS n FROM sitemap_files WHERE domain_id = $1 AND deep_scrape_curation_status::text = $2
          AND url ILIKE '%' || $3 || '%' AND sitemap_type = $4 AND discovery_method = $5`,
      [picked.id, file.curation, urlPart, file.sitemap_type, file.discovery_method],
    );
    expect(res.body.total).toBe(n);
    expect(res.body.items.map((i: Item) => i.sitemap_url)).toContain(file.url);
    expect(
      res.body.items.every(
        (i: Item) =>
          i.domain_name === file.domain &&
          i.sitemap_url.includes(urlPart) &&
          i.deep_scrape_curation_status === file.curation,
      ),
    ).toBe(true);

    // Filters the user cleared are deleted from the query string, not sent empty.
    const cleared = await fetchData(1, { deep_scrape_curation_status: '', url_contains: '' }).expect(200);
    const [{ total }] = await db.dataSource.query(`SELECT count(*)::int AS total FROM sitemap_files`);
    expect(cleared.body.total).toBe(total);
  });

  it('sorts by every column the list shows, ascending or descending, and names the keys for any other', async () => {
    const asc = await request(app.getHttpServer())
      .get(`${API_BASE_URL}/sitemap-files/?size=200&sort_by=sitemap_url&sort_desc=false`)
      .set(headers)
      .expect(200);
    const urls = asc.body.items.map((i: Item) => i.sitemap_url);
    const [{ sorted }] = await db.dataSource.query(
      `SELECT array_agg(url ORDER BY url, id) AS sorted FROM (SELECT url, id FROM sitemap_files ORDER BY url, id LIMIT 200) x`,
    );
    expect(urls).toEqual(sorted);
    for (const key of ['created_at', 'url_count', 'deep_scrape_process_status', 'status', 'discovery_method'])
      await request(app.getHttpServer())
        .get(`${API_BASE_URL}/sitemap-files/?sort_by=${key}&sort_desc=false`)
        .set(headers)
        .expect(200);
    const bad = await request(app.getHttpServer())
      .get(`${API_BASE_URL}/sitemap-files/?sort_by=domain_name;DROP&sort_desc=maybe`)
      .set(headers)
      .expect(400);
    expect(bad.body.detail).toMatch(/sort_by must be one of: updated_at, created_at/);
    expect(bad.body.detail).toMatch(/sort_desc/);
  });

  it('performBatchUpdate(): PUT /sitemap-files/status queues the imports, then fetchData() shows them', async () => {
    const rows: { id: string; s: string | null }[] = await db.dataSource.query(
      `SELECT id, sitemap_import_status::text AS s FROM sitemap_files WHERE deep_scrape_curation_status = 'New' ORDER BY id LIMIT 4`,
    );
    const payload = { sitemap_file_ids: rows.map((r) => r.id), deep_scrape_curation_status: 'Selected' };
    const res = await request(app.getHttpServer())
      .put(`${API_BASE_URL}/sitemap-files/status`)
      .set({ ...headers, 'Content-Type': 'application/json' })
      .send(JSON.stringify(payload))
      .expect(200);
    const processing = rows.filter((r) => r.s === 'Processing').length;
    expect(res.body).toEqual(
      expect.objectContaining({ updated_count: 4, queued_count: 4 - processing, message: expect.any(String) }),
    );
    const after = await fetchData(1, { deep_scrape_curation_status: 'Selected' }).expect(200);
    const [{ n }] = await db.dataSource.query(
      `SELECT count(*)::int AS n FROM sitemap_files WHERE deep_scrape_curation_status = 'Selected'`,
    );
    expect(after.body.total).toBe(n);
    const stored = await db.dataSource.query(
      `SELECT deep_scrape_curation_status::text AS c, sitemap_import_status::text AS s FROM sitemap_files WHERE id = ANY($1::uuid[])`,
      [payload.sitemap_file_ids],
    );
    expect(
      stored.every((r: { c: string; s: string }) => r.c === 'Selected' && ['Queued', 'Processing'].includes(r.s)),
    ).toBe(true);
  });

  it('costs two statements per list whatever its filters, sort and page size, and at most three per status update', async () => {
    for (const path of [
      `${API_BASE_URL}/sitemap-files/?page=1&size=15&sort_by=updated_at&sort_desc=true&deep_scrape_curation_status=New`,
      `${API_BASE_URL}/sitemap-files/?page=2&size=200&sort_by=url_count&sort_desc=false&url_contains=sitemap`,
    ]) {
      const { queries } = await recordQueries(() => request(app.getHttpServer()).get(path).set(headers).expect(200));
      expect({ path, statements: queries.length, nPlusOne: findNPlusOne(queries) }).toEqual({
        path,
        statements: 2,
        nPlusOne: [],
      });
    }
    const ids = (await db.dataSource.query(`SELECT id FROM sitemap_files`)).map((r: { id: string }) => r.id);
    for (const batch of [ids.slice(0, 1), ids])
      for (const path of ['/sitemap-files/status', '/sitemap-files/sitemap_import_curation/status']) {
        const { queries } = await recordQueries(() =>
          request(app.getHttpServer())
            .put(`${API_BASE_URL}${path}`)
            .set(headers)
            .send({ sitemap_file_ids: batch, deep_scrape_curation_status: 'Maybe' })
            .expect(200),
        );
        expect(queries.length).toBeLessThanOrEqual(3);
      }
    const { queries } = await recordQueries(() =>
      request(app.getHttpServer())
        .put(`${API_BASE_URL}/sitemap-files/sitemap_import_curation/status/filtered`)
        .set(headers)
        .send({ deep_scrape_curation_status: 'Archived', deep_scrape_curation_status_filter: 'Maybe' })
        .expect(200),
    );
    expect(queries.length).toBeLessThanOrEqual(3);
  });

  it('select all matching by sitemap type and discovery method changes exactly the rows the list shows', async () => {
    const [{ sitemap_type, discovery_method }] = await db.dataSource.query(
      `SELECT sitemap_type, discovery_method FROM sitemap_files WHERE discovery_method IS NOT NULL
        GROUP BY 1, 2 ORDER BY count(*) DESC LIMIT 1`,
    );
    const listed = await request(app.getHttpServer())
      .get(`${API_BASE_URL}/sitemap-files`)
      .query({ sitemap_type, discovery_method, size: 200 })
      .set(headers)
      .expect(200);
    const before = await db.dataSource.query(
      `SELECT id, deep_scrape_curation_status::text AS s FROM sitemap_files ORDER BY id`,
    );
    const updated = await request(app.getHttpServer())
      .put(`${API_BASE_URL}/sitemap-files/sitemap_import_curation/status/filtered`)
      .set(headers)
      .send({ deep_scrape_curation_status: 'Not a Fit', sitemap_type, discovery_method })
      .expect(200);
    expect(updated.body.updated_count).toBe(listed.body.total);
    const shown = new Set(listed.body.items.map((i: Item) => i.id));
    const after = await db.dataSource.query(
      `SELECT id, deep_scrape_curation_status::text AS s FROM sitemap_files ORDER BY id`,
    );
    expect(after).toEqual(
      before.map((row: { id: string; s: string }) => (shown.has(row.id) ? { ...row, s: 'Not a Fit' } : row)),
    );
    expect(shown.size).toBeLessThan(before.length);
  });
});
