import { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import request from 'supertest';

import { DEFAULT_TENANT_ID, WF7_PAGE_CURATION } from '@curation/sdk';
import { createTestDatabase, pollUntil, recordQueries, TestDatabase } from '@curation/sdk/testing';

import { bearer, createApiTestApp } from '../testing/api-test-app';

/**
 * POST /api/v3/pages/direct-submit with the reference's body (src/schemas/wf7_page_direct_submission_schemas.py:
 * `urls` 1–100 HttpUrls, `auto_queue` false, `priority_level` 1–10, 5) and its router's rules
 * (src/routers/v3/pages_direct_submission_router.py: domain get-or-create, 409 on an existing URL).
 */
describe('POST /api/v3/pages/direct-submit (real PostgreSQL)', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let listener: Client;
  const notifications: string[] = [];
  const post = (body: object) =>
    request(app.getHttpServer()).post('/api/v3/pages/direct-submit').set('Authorization', bearer()).send(body);
  const fingerprint = async (): Promise<string> =>
    (
      await db.dataSource.query(
        `SELECT md5(coalesce(string_agg(t, '|' ORDER BY t), '')) AS h FROM (
           SELECT d::text AS t FROM domains d UNION ALL SELECT p::text FROM pages p) x`,
      )
    )[0].h;
  const pagesOf = (ids: string[]) =>
    db.dataSource.query(
      `SELECT p.url, d.domain, p.tenant_id, p.page_curation_status::text AS curation, p.page_processing_status::text AS processing,
              p.priority_level, p.sitemap_file_id, p.lead_source
         FROM pages p JOIN domains d ON d.id = p.domain_id WHERE p.id = ANY($1::uuid[]) ORDER BY p.url`,
      [ids],
    );

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createApiTestApp(db.url);
    listener = new Client({ connectionString: db.url });
    await listener.connect();
    listener.on('notification', (n) => notifications.push(n.channel));
    await listener.query(`LISTEN ${WF7_PAGE_CURATION.channel}`);
  });

  afterAll(async () => {
    await listener.end();
    await app.close();
    await db.drop();
  });

  it('creates the pages as New, unqueued, under their normalised domains (created when new)', async () => {
    await db.dataSource.query(`INSERT INTO domains (domain, tenant_id) VALUES ('known-bakery.com', $1)`, [
      DEFAULT_TENANT_ID,
    ]);
    const res = await post({
      urls: [
        'https://www.Known-Bakery.com/contact#form',
        'https://new-bakery.com/about',
        'https://new-bakery.com/about',
      ],
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      submitted_count: 2,
      page_ids: [expect.any(String), expect.any(String)],
      auto_queued: false,
      normalized_urls: ['https://www.known-bakery.com/contact', 'https://new-bakery.com/about'],
    });
    const common = { tenant_id: DEFAULT_TENANT_ID, curation: 'New', processing: null, sitemap_file_id: null };
    expect(await pagesOf(res.body.page_ids)).toEqual([
      {
        ...common,
        url: 'https://new-bakery.com/about',
        domain: 'new-bakery.com',
        priority_level: 5,
        lead_source: 'direct_submit',
      },
      {
        ...common,
        url: 'https://www.known-bakery.com/contact',
        domain: 'known-bakery.com',
        priority_level: 5,
        lead_source: 'direct_submit',
      },
    ]);
    expect(
      (await db.dataSource.query(`SELECT count(*)::int AS n FROM domains WHERE domain = 'known-bakery.com'`))[0].n,
    ).toBe(1);
  });

  it('with auto_queue, applies the dual-status rule in the same transaction and wakes WF7', async () => {
    notifications.length = 0;
    const { result: res, queries } = await recordQueries(() =>
      post({
        urls: ['https://queued-bakery.com/team', 'https://queued-bakery.com/staff'],
        auto_queue: true,
        priority_level: 2,
      }),
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ submitted_count: 2, auto_queued: true });
    const rows = await pagesOf(res.body.page_ids);
    expect(
      rows.map((r: { curation: string; processing: string; priority_level: number }) => [
        r.curation,
        r.processing,
        r.priority_level,
      ]),
    ).toEqual([
      ['Selected', 'Queued', 2],
      ['Selected', 'Queued', 2],
    ]);
    const woken = await pollUntil(
      async () => notifications.includes(WF7_PAGE_CURATION.channel),
      (seen) => seen,
      5000,
    );
    expect(woken).toBe(true);
    // BEGIN, existing-URL check, domains get-or-create, INSERT pages, status rule, COMMIT: whatever the URL count
    expect(queries.length).toBeLessThanOrEqual(6);
  });

  it('is a 409 naming the existing URL, in any spelling, and writes nothing (not even the new domain)', async () => {
    const before = await fingerprint();
    const res = await post({ urls: ['https://brand-new-bakery.com/x', 'HTTPS://NEW-BAKERY.COM:443/about#top'] });
    expect(res.status).toBe(409);
    expect(res.body.detail).toMatch(/^Page already exists: https:\/\/new-bakery\.com\/about \(ID: [0-9a-f-]{36}\)$/);
    expect(await fingerprint()).toBe(before);
  });

  it('is a 409 for a page WF5 filed under the parent domain', async () => {
    const [parent] = await db.dataSource.query(
      `INSERT INTO domains (domain, tenant_id) VALUES ('parent-bakery.com', $1) RETURNING id`,
      [DEFAULT_TENANT_ID],
    );
    await db.dataSource.query(
      `INSERT INTO pages (tenant_id, domain_id, url) VALUES ($1, $2, 'https://shop.parent-bakery.com/contact')`,
      [DEFAULT_TENANT_ID, parent.id],
    );
    const before = await fingerprint();
    const res = await post({ urls: ['https://shop.parent-bakery.com/contact'] });
    expect(res.status).toBe(409);
    expect(await fingerprint()).toBe(before);
  });

  it.each([
    ['no body fields', {}, 'urls must be a list'],
    ['urls not a list', { urls: 'https://a-bakery.com/' }, 'urls must be a list'],
    ['an empty list', { urls: [] }, 'urls must contain at least 1 URL'],
    ['101 URLs', { urls: Array.from({ length: 101 }, (_, i) => `https://b${i}-bakery.com/`) }, 'at most 100 entries'],
    ['a number in the list', { urls: [42] }, 'each urls entry must be a string'],
    ['an over-long URL', { urls: [`https://c-bakery.com/${'a'.repeat(2100)}`] }, 'at most 2048 characters'],
    ['a relative URL', { urls: ['/contact'] }, 'urls[0]: "/contact" is not an absolute URL'],
    ['a scheme-less URL', { urls: ['d-bakery.com/contact'] }, 'is not an absolute URL'],
    [
      'an ftp URL',
      { urls: ['https://e-bakery.com/', 'ftp://e-bakery.com/x'] },
      'urls[1]: "ftp://e-bakery.com/x" is not a web URL',
    ],
    ['a javascript URL', { urls: ['javascript:alert(1)'] }, 'is not a web URL'],
    ['credentials', { urls: ['https://u:p@f-bakery.com/'] }, 'carries credentials'],
    ['an IP address', { urls: ['http://127.0.0.1/admin'] }, 'is an IP address'],
    ['a platform website', { urls: ['https://www.facebook.com/SomeBakery'] }, 'is a Facebook page'],
    ['a control character', { urls: ['https://g-bakery.com/\u0000'] }, 'contains a control character'],
    [
      'auto_queue not a boolean',
      { urls: ['https://h-bakery.com/'], auto_queue: 'yes' },
      'auto_queue must be a boolean',
    ],
    [
      'priority_level 0',
      { urls: ['https://i-bakery.com/'], priority_level: 0 },
      'priority_level must not be less than 1',
    ],
    [
      'priority_level 11',
      { urls: ['https://i-bakery.com/'], priority_level: 11 },
      'priority_level must not be greater than 10',
    ],
    [
      'priority_level 2.5',
      { urls: ['https://i-bakery.com/'], priority_level: 2.5 },
      'priority_level must be an integer',
    ],
    [
      'an unknown field',
      { urls: ['https://j-bakery.com/'], tenant_id: DEFAULT_TENANT_ID },
      'tenant_id should not exist',
    ],
  ])('is a 400 with %s, and writes nothing', async (_name, body, detail) => {
    const before = await fingerprint();
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(res.body.detail).toContain(detail);
    expect(await fingerprint()).toBe(before);
  });

  it('needs a token', async () => {
    const res = await request(app.getHttpServer())
      .post('/api/v3/pages/direct-submit')
      .send({ urls: ['https://k-bakery.com/'] });
    expect(res.status).toBe(401);
  });
});
