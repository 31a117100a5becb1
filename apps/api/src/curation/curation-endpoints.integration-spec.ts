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

/** The reference frontend's calls (reference-system.md §3), against the real AppModule and PostgreSQL. */
describe('curation endpoints of /api/v3 (reference frontend calls)', () => {
  let db: TestDatabase;
  let app: INestApplication;
  const auth = bearer();
  const get = (path: string) => request(app.getHttpServer()).get(path).set('Authorization', auth);
  const put = (path: string, body: object) =>
    request(app.getHttpServer()).put(path).set('Authorization', auth).send(body);
  const post = (path: string, body: object) =>
    request(app.getHttpServer()).post(path).set('Authorization', auth).send(body);
  const one = async <T>(sql: string, params: unknown[] = []): Promise<T> =>
    (await db.dataSource.query(sql, params))[0] as T;

  beforeAll(async () => {
    db = await createTestDatabase();
    await insertFixtures(db.dataSource, generateFixtures({ count: 30 }));
    // Every endpoint is called with three bad tokens below: more than one IP's failed-authentication budget.
    app = await createApiTestApp(db.url, { RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: '0' });
  });

  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it.each([
    ['GET', '/api/v3/places/staging'],
    ['PUT', '/api/v3/places/staging/status'],
    ['PUT', '/api/v3/places/staging/queue-deep-scan'],
    ['GET', '/api/v3/domains'],
    ['POST', '/api/v3/domains/direct-submit'],
    ['GET', '/api/v3/sitemap-files'],
    ['PUT', '/api/v3/sitemap-files/sitemap_import_curation/status'],
    ['GET', '/api/v3/pages'],
    ['PUT', '/api/v3/pages/status/filtered'],
    ['GET', '/api/v3/contacts'],
    ['GET', '/api/v3/workflows/status'],
  ])('%s %s needs a valid bearer token', async (method, path) => {
    const call = () => request(app.getHttpServer())[method === 'GET' ? 'get' : method === 'PUT' ? 'put' : 'post'](path);
    const missing = await call().send({});
    expect([missing.status, missing.body.detail]).toEqual([401, 'Missing bearer token']);
    const forged = await call()
      .set('Authorization', bearer({ secret: 'an-attacker-secret-of-at-least-32-characters' }))
      .send({});
    expect([forged.status, forged.body.detail]).toEqual([401, 'Invalid token']);
    const expired = await call()
      .set('Authorization', bearer({ expiresIn: -60 }))
      .send({});
    expect([expired.status, expired.body.detail]).toEqual([401, 'Token expired']);
  });

  describe('places staging (WF2)', () => {
    it('lists with the fields the frontend reads and every row counted', async () => {
      const res = await get('/api/v3/places/staging?size=5').expect(200);
      const { n } = await one<{ n: number }>(`SELECT count(*)::int AS n FROM places_staging`);
      expect(res.body).toMatchObject({ total: n, page: 1, size: 5, pages: Math.ceil(n / 5) });
      expect(Object.keys(res.body.items[0])).toEqual(
        expect.arrayContaining(['place_id', 'business_name', 'status', 'deep_scan_status']),
      );
    });

    it('selects by Google place id and queues the deep scan, not re-queueing rows being scanned', async () => {
      const rows = await db.dataSource.query(
        `SELECT place_id, deep_scan_status::text AS s FROM places_staging ORDER BY id LIMIT 6`,
      );
      const res = await put('/api/v3/places/staging/status', {
        place_ids: rows.map((r: { place_id: string }) => r.place_id),
        status: 'selected',
      }).expect(200);
      const processing = rows.filter((r: { s: string }) => r.s === 'Processing').length;
      expect(res.body).toEqual({
        message: 'Updated 6 places to Selected',
        updated_count: 6,
        queued_count: 6 - processing,
      });
      const queue = await request(app.getHttpServer())
        .put('/api/v3/places/staging/queue-deep-scan')
        .set('Authorization', auth)
        .send({ place_ids: [rows[0].place_id] });
      expect(queue.status).toBe(202);
    });

    it('answers 404 for a select-all that matches nothing', async () => {
      const res = await put('/api/v3/places/staging/status/filtered', {
        status: 'Maybe',
        discovery_job_id: '00000000-0000-4000-8000-000000000000',
      });
      expect(res.status).toBe(404);
    });
  });

  describe('domains (WF4)', () => {
    it('filters by `domain` and by `domain_filter`, sorts only by whitelisted keys', async () => {
      const { domain } = await one<{ domain: string }>(`SELECT domain FROM domains ORDER BY domain LIMIT 1`);
      const part = domain.slice(0, 6);
      const a = await get(`/api/v3/domains?domain=${encodeURIComponent(part)}&sort_by=domain&sort_desc=false`).expect(
        200,
      );
      const b = await get(
        `/api/v3/domains?domain_filter=${encodeURIComponent(part)}&sort_by=domain&sort_desc=false`,
      ).expect(200);
      expect(a.body.items[0].domain).toBe(domain);
      expect(b.body).toEqual(a.body);
      expect(Object.keys(a.body.items[0])).toEqual(
        expect.arrayContaining(['id', 'domain', 'sitemap_curation_status', 'sitemap_analysis_status']),
      );
      const bad = await get('/api/v3/domains?sort_by=tenant_id');
      expect(bad.status).toBe(400);
      expect(bad.body.detail).toContain('sort_by must be one of: domain, created_at, updated_at');
    });

    it('queues sitemap analysis with the lowercase label on Selected', async () => {
      const { id } = await one<{ id: string }>(
        `SELECT id FROM domains WHERE sitemap_analysis_status IS DISTINCT FROM 'processing' LIMIT 1`,
      );
      const res = await put('/api/v3/domains/sitemap-curation/status', {
        domain_ids: [id],
        sitemap_curation_status: 'Selected',
      }).expect(200);
      expect(res.body).toMatchObject({ updated_count: 1, queued_count: 1 });
      expect(await one(`SELECT sitemap_analysis_status::text AS s FROM domains WHERE id = $1`, [id])).toEqual({
        s: 'queued',
      });
    });

    it('direct-submit normalises, creates, optionally queues, and refuses duplicates without writing anything', async () => {
      const created = await post('/api/v3/domains/direct-submit', {
        domains: ['HTTPS://WWW.Brand-New-Shop.com/contact', 'brand-new-shop.com', 'second-new.example.org'],
        auto_queue: true,
      }).expect(201);
      expect(created.body).toMatchObject({
        submitted_count: 2,
        auto_queued: true,
        normalized_domains: ['brand-new-shop.com', 'second-new.example.org'],
      });
      const queued = await db.dataSource.query(
        `SELECT sitemap_curation_status::text AS c, sitemap_analysis_status::text AS a FROM domains WHERE id = ANY($1::uuid[])`,
        [created.body.domain_ids],
      );
      expect(queued).toEqual([
        { c: 'Selected', a: 'queued' },
        { c: 'Selected', a: 'queued' },
      ]);
      const { before } = await one<{ before: number }>(`SELECT count(*)::int AS before FROM domains`);
      const dup = await post('/api/v3/domains/direct-submit', {
        domains: ['third-new.example.org', 'brand-new-shop.com'],
      });
      expect(dup.status).toBe(409);
      expect(dup.body.detail).toBe('Already exists: brand-new-shop.com');
      const invalid = await post('/api/v3/domains/direct-submit', { domains: ['localhost', '10.0.0.1'] });
      expect(invalid.status).toBe(400);
      expect(invalid.body.detail).toContain('has no public suffix');
      expect(await one(`SELECT count(*)::int AS before FROM domains`)).toEqual({ before });
    });
  });

  describe('sitemap files (WF5)', () => {
    it('lists sitemap_url, domain_name and deep_scrape_process_status, and queues imports on Selected', async () => {
      const list = await get('/api/v3/sitemap-files?size=3').expect(200);
      expect(list.body.size).toBe(3);
      const item = list.body.items[0];
      expect(Object.keys(item)).toEqual(
        expect.arrayContaining([
          'id',
          'sitemap_url',
          'domain_name',
          'deep_scrape_curation_status',
          'deep_scrape_process_status',
          'status',
          'updated_at',
        ]),
      );
      const { id } = await one<{ id: string }>(
        `SELECT id FROM sitemap_files WHERE sitemap_import_status IS DISTINCT FROM 'Processing' LIMIT 1`,
      );
      const res = await put('/api/v3/sitemap-files/sitemap_import_curation/status', {
        sitemap_file_ids: [id],
        deep_scrape_curation_status: 'Selected',
      }).expect(200);
      expect(res.body).toMatchObject({ updated_count: 1, queued_count: 1 });
      const after = await get(`/api/v3/sitemap-files?deep_scrape_curation_status=Selected&size=200`).expect(200);
      expect(after.body.items.find((i: { id: string }) => i.id === id).deep_scrape_process_status).toBe('Queued');
    });
  });

  describe('pages (WF7)', () => {
    it('lists raw labels (never "PageCurationStatus.Selected") with offset paging and the applied filters', async () => {
      const res = await get('/api/v3/pages?limit=5&offset=0&page_type=CONTACT_ROOT').expect(200);
      expect(res.body).toMatchObject({ offset: 0, limit: 5, filters_applied: { page_type: 'contact_root' } });
      for (const page of res.body.pages) {
        expect(page.page_type).toBe('contact_root');
        expect(page.curation_status).not.toContain('.');
      }
    });

    it('answers 404 when none of the ids exist, and 400 for an unknown label listing the allowed ones', async () => {
      expect(
        (await put('/api/v3/pages/status', { page_ids: ['00000000-0000-4000-8000-000000000000'], status: 'Selected' }))
          .status,
      ).toBe(404);
      const bad = await put('/api/v3/pages/status', {
        page_ids: ['00000000-0000-4000-8000-000000000000'],
        status: 'PageCurationStatus.Bogus',
      });
      expect(bad.status).toBe(400);
      expect(bad.body.detail).toContain(
        'allowed values: "New", "Selected", "Queued", "Processing", "Complete", "Error", "Skipped"',
      );
    });
  });

  it('lists contacts as a plain list', async () => {
    const res = await get('/api/v3/contacts?limit=3').expect(200);
    expect(Array.isArray(res.body)).toBe(true);
    expect(res.body).toHaveLength(3);
  });

  it('reports every workflow: counts per label, oldest queued age, expired leases, latest errors', async () => {
    const res = await get('/api/v3/workflows/status').expect(200);
    expect(res.body.workflows.map((w: { workflow: string }) => w.workflow)).toEqual([
      'wf1-place-search',
      'wf2-deep-scan',
      'wf3-domain-extraction',
      'wf4-sitemap-discovery',
      'wf5-sitemap-import',
      'wf7-page-curation',
      'wf8-debounce',
      'wf8-brevo',
      'wf8-hubspot',
      'wf8-n8n',
    ]);
    const wf3 = res.body.workflows[2];
    const { n } = await one<{ n: number }>(`SELECT count(*)::int AS n FROM local_businesses`);
    expect(Object.values(wf3.curation_counts as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(n);
    expect(wf3).toEqual(
      expect.objectContaining({ expired_leases: expect.any(Number), latest_errors: expect.any(Array) }),
    );
  });

  it('lists the pipeline edges: what each workflow queues downstream, and how each is switched', async () => {
    const res = await get('/api/v3/workflows/status').expect(200);
    const queues = Object.fromEntries(
      res.body.workflows.map((w: { workflow: string; queues: unknown[] }) => [w.workflow, w.queues]),
    );
    expect(queues['wf3-domain-extraction']).toEqual([
      expect.objectContaining({
        edge: 'WF3_TO_WF4',
        to: 'wf4-sitemap-discovery',
        switch: 'EDGE_WF3_TO_WF4_ENABLED',
        enabled_by_default: true,
      }),
    ]);
    expect(queues['wf5-sitemap-import']).toEqual([
      expect.objectContaining({ edge: 'WF5_TO_WF7', to: 'wf7-page-curation', switch: null, enabled_by_default: true }),
    ]);
    expect(queues['wf7-page-curation']).toEqual([]);
    expect(res.body.api_queues).toEqual([
      expect.objectContaining({ edge: 'API_TO_WF1', to: 'wf1-place-search', switch: null }),
    ]);
  });

  it('costs exactly two statements per list, whatever the page size, and at most three per update', async () => {
    for (const path of [
      '/api/v3/places/staging?size=1',
      '/api/v3/places/staging?size=200',
      '/api/v3/domains?size=1',
      '/api/v3/domains?size=100',
      '/api/v3/sitemap-files?size=1',
      '/api/v3/sitemap-files?size=200',
      '/api/v3/pages?limit=1',
      '/api/v3/pages?limit=1000',
      '/api/v3/contacts?limit=1',
      '/api/v3/contacts?limit=1000',
    ]) {
      const { queries } = await recordQueries(() => get(path).expect(200));
      expect({ path, statements: queries.length, nPlusOne: findNPlusOne(queries) }).toEqual({
        path,
        statements: 2,
        nPlusOne: [],
      });
    }
    const ids: string[] = (await db.dataSource.query(`SELECT id FROM pages`)).map((r: { id: string }) => r.id);
    for (const batch of [ids.slice(0, 1), ids]) {
      const { queries } = await recordQueries(() =>
        put('/api/v3/pages/status', { page_ids: batch, status: 'Skipped' }).expect(200),
      );
      expect(queries.length).toBeLessThanOrEqual(3);
    }
  });
});
