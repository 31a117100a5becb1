import { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import request from 'supertest';

import { DEFAULT_TENANT_ID, WF5_SITEMAP_IMPORT } from '@curation/sdk';
import { createTestDatabase, recordQueries, TestDatabase } from '@curation/sdk/testing';

import { bearer, createApiTestApp } from '../testing/api-test-app';

const USER = '7f4c1b3e-0000-4000-8000-000000000088';
const PATH = '/api/v3/sitemaps/direct-submit';

/** POST /api/v3/sitemaps/direct-submit with the reference's DirectSitemapSubmissionRequest, on a fresh database. */
describe('direct submission of sitemaps (real API, real PostgreSQL)', () => {
  let db: TestDatabase;
  let app: INestApplication;
  const auth = bearer({ sub: USER });
  const submit = (body: object) => request(app.getHttpServer()).post(PATH).set('Authorization', auth).send(body);
  const fingerprint = async (): Promise<string> =>
    (
      await db.dataSource.query(
        `SELECT md5(coalesce(string_agg(t, '|' ORDER BY t), '')) AS h FROM (
           SELECT s::text AS t FROM sitemap_files s UNION ALL SELECT d::text FROM domains d) x`,
      )
    )[0].h;
  const files = (ids: readonly string[]) =>
    db.dataSource.query(
      `SELECT f.url, d.domain, f.sitemap_type, f.discovery_method, f.user_id, f.tenant_id,
              f.deep_scrape_curation_status::text AS curation, f.sitemap_import_status::text AS import
         FROM sitemap_files f JOIN domains d ON d.id = f.domain_id WHERE f.id = ANY($1::uuid[]) ORDER BY f.url`,
      [ids],
    );

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createApiTestApp(db.url);
  });

  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it('auto_import: the reference example is created Selected and Queued for WF5 in one transaction that wakes the worker', async () => {
    const listener = new Client({ connectionString: db.url });
    await listener.connect();
    const channels: string[] = [];
    listener.on('notification', (m) => channels.push(m.channel));
    await listener.query(`LISTEN ${WF5_SITEMAP_IMPORT.channel}`);
    try {
      // The schema's own example (wf5_sitemap_direct_submission_schemas.py): domain_id null means "from the host".
      const { result: res, queries } = await recordQueries(() =>
        submit({
          sitemap_urls: ['https://www.example.com/sitemap.xml', 'https://example.com/sitemap_index.xml'],
          auto_import: true,
          domain_id: null,
        }),
      );
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        submitted_count: 2,
        sitemap_ids: [expect.any(String), expect.any(String)],
        auto_queued: true,
      });
      expect(await files(res.body.sitemap_ids)).toEqual([
        {
          url: 'https://example.com/sitemap_index.xml',
          domain: 'example.com',
          sitemap_type: 'standard',
          discovery_method: 'manual',
          user_id: USER,
          tenant_id: DEFAULT_TENANT_ID,
          curation: 'Selected',
          import: 'Queued',
        },
        expect.objectContaining({
          url: 'https://www.example.com/sitemap.xml',
          domain: 'example.com',
          import: 'Queued',
        }),
      ]);
      // One domain for both hosts (www. stripped as WF3 strips it), created as curation New.
      expect(
        await db.dataSource.query(`SELECT domain, sitemap_curation_status::text AS c FROM domains ORDER BY domain`),
      ).toEqual([{ domain: 'example.com', c: 'New' }]);
      // BEGIN, the domains, the files, the dual-status rule (its NOTIFY included), COMMIT.
      expect(queries.map((q) => q.fingerprint.split(/\s+/)[0].toUpperCase())).toEqual([
        'START',
        'WITH',
        'WITH',
        'WITH',
        'COMMIT',
      ]);
      await new Promise((r) => setTimeout(r, 200));
      expect(channels).toEqual([WF5_SITEMAP_IMPORT.channel]);
    } finally {
      await listener.end();
    }
  });

  it('without auto_import: New and not queued, under an existing domain, or under the domain_id given', async () => {
    const plain = await submit({ sitemap_urls: ['https://example.com/post-sitemap.xml'] }).expect(200);
    expect(plain.body.auto_queued).toBe(false);
    expect(await files(plain.body.sitemap_ids)).toEqual([
      expect.objectContaining({ domain: 'example.com', curation: 'New', import: null }),
    ]);
    expect((await db.dataSource.query(`SELECT count(*)::int AS n FROM domains`))[0].n).toBe(1);

    const [{ id }] = await db.dataSource.query(`SELECT id FROM domains WHERE domain = 'example.com'`);
    const given = await submit({ sitemap_urls: ['https://cdn.example.net/example-sitemap.xml'], domain_id: id }).expect(
      200,
    );
    expect(await files(given.body.sitemap_ids)).toEqual([
      expect.objectContaining({ url: 'https://cdn.example.net/example-sitemap.xml', domain: 'example.com' }),
    ]);

    // The same file twice in one request is one file.
    const twice = await submit({
      sitemap_urls: ['https://shop.example.org/sitemap.xml', 'https://SHOP.example.org/sitemap.xml#x'],
    }).expect(200);
    expect(twice.body.submitted_count).toBe(1);
  });

  it('refuses the whole request with 409 when any file exists, writing nothing', async () => {
    const before = await fingerprint();
    const res = await submit({
      sitemap_urls: ['https://new-site.example.org/sitemap.xml', 'https://example.com/sitemap_index.xml'],
      auto_import: true,
    }).expect(409);
    expect(res.body.detail).toMatch(
      /^Sitemap already exists: https:\/\/example\.com\/sitemap_index\.xml \(ID: [0-9a-f-]{36}\)$/,
    );
    expect(await fingerprint()).toBe(before);
  });

  it.each([
    ['sitemap_urls must contain at least 1 URL', { sitemap_urls: [] }],
    [
      'sitemap_urls may contain at most 50 URLs',
      { sitemap_urls: Array.from({ length: 51 }, (_, i) => `https://a.example.org/s${i}.xml`) },
    ],
    ['sitemap_urls must be a list', { sitemap_urls: 'https://a.example.org/sitemap.xml' }],
    ['each sitemap_urls entry must be a string', { sitemap_urls: [42] }],
    ['is not a sitemap file', { sitemap_urls: ['https://a.example.org/about.html'] }],
    ['is not http or https', { sitemap_urls: ['ftp://a.example.org/sitemap.xml'] }],
    ['is not an absolute URL', { sitemap_urls: ['a.example.org/sitemap.xml'] }],
    ['no public suffix', { sitemap_urls: ['http://intranet/sitemap.xml'] }],
    ['auto_import must be a boolean', { sitemap_urls: ['https://a.example.org/sitemap.xml'], auto_import: 'yes' }],
    ['domain_id must be a UUID', { sitemap_urls: ['https://a.example.org/sitemap.xml'], domain_id: 'example.com' }],
    [
      'domain_id: no domain has this id',
      { sitemap_urls: ['https://a.example.org/sitemap.xml'], domain_id: '00000000-0000-4000-8000-000000000000' },
    ],
    [
      'property priority_level should not exist',
      { sitemap_urls: ['https://a.example.org/sitemap.xml'], priority_level: 1 },
    ],
  ])('400 %p, nothing written', async (message, body) => {
    const before = await fingerprint();
    const res = await submit(body).expect(400);
    expect(res.body.detail).toContain(message);
    expect(await fingerprint()).toBe(before);
  });

  it('names every bad URL of a request at once', async () => {
    const res = await submit({ sitemap_urls: ['https://a.example.org/page.html', 'mailto:x@example.org'] }).expect(400);
    expect(res.body.detail.split('; ')).toHaveLength(2);
  });
});
