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

const UUID = '00000000-0000-4000-8000-000000000000';
const TOO_MANY = Array.from({ length: 10_001 }, () => UUID);

/** Every write endpoint, its id field and status field, and a valid body to break one field at a time. */
const WRITES = [
  { path: '/api/v3/places/staging/status', ids: 'place_ids', status: 'status', idKind: 'string', label: 'Maybe' },
  {
    path: '/api/v3/local-businesses/status',
    ids: 'local_business_ids',
    status: 'status',
    idKind: 'uuid',
    label: 'Maybe',
  },
  {
    path: '/api/v3/domains/sitemap-curation/status',
    ids: 'domain_ids',
    status: 'sitemap_curation_status',
    idKind: 'uuid',
    label: 'Maybe',
  },
  {
    path: '/api/v3/sitemap-files/sitemap_import_curation/status',
    ids: 'sitemap_file_ids',
    status: 'deep_scrape_curation_status',
    idKind: 'uuid',
    label: 'Maybe',
  },
  { path: '/api/v3/pages/status', ids: 'page_ids', status: 'status', idKind: 'uuid', label: 'Skipped' },
] as const;

/** Each list's free-text filter (places staging has none). */
const TEXT_FILTERS = [
  '/api/v3/local-businesses?business_name=',
  '/api/v3/domains?domain=',
  '/api/v3/domains?domain_filter=',
  '/api/v3/sitemap-files?url_contains=',
  '/api/v3/pages?url_contains=',
  '/api/v3/contacts?email_contains=',
  '/api/v3/contacts?name_contains=',
];

describe('bad input on every endpoint: 400 with a detail, never 500, nothing written', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let fingerprint: () => Promise<string>;
  const auth = bearer();

  beforeAll(async () => {
    db = await createTestDatabase();
    await insertFixtures(db.dataSource, generateFixtures({ count: 20 }));
    app = await createApiTestApp(db.url);
    // md5 of every curated table's rows: any write, anywhere, changes it
    fingerprint = async () =>
      (
        await db.dataSource.query(
          `SELECT md5(string_agg(t, '|' ORDER BY t)) AS h FROM (
             SELECT p::text AS t FROM places_staging p UNION ALL SELECT b::text FROM local_businesses b UNION ALL SELECT d::text FROM domains d
             UNION ALL SELECT s::text FROM sitemap_files s UNION ALL SELECT g::text FROM pages g UNION ALL SELECT c::text FROM contacts c) x`,
        )
      )[0].h;
  });

  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  const cases = WRITES.flatMap((w) => {
    const valid = { [w.ids]: [w.idKind === 'uuid' ? UUID : 'ChIJ-valid'], [w.status]: 'Selected' };
    return [
      [w.path, 'unknown label', { ...valid, [w.status]: 'Definitely Not' }, 'allowed values'],
      [w.path, 'label of another enum', { ...valid, [w.status]: 'Completed_Now' }, 'allowed values'],
      [w.path, 'status of the wrong type', { ...valid, [w.status]: ['Selected'] }, 'allowed values'],
      [w.path, 'missing status', { [w.ids]: valid[w.ids] }, 'allowed values'],
      [w.path, 'empty id list', { ...valid, [w.ids]: [] }, 'at least 1 id'],
      [w.path, 'oversized id list', { ...valid, [w.ids]: TOO_MANY }, 'at most 10000 ids'],
      [w.path, 'ids not a list', { ...valid, [w.ids]: "1' OR '1'='1" }, 'must be a list'],
      ...(w.idKind === 'uuid'
        ? [
            [
              w.path,
              'invalid uuid',
              { ...valid, [w.ids]: ["00000000-0000-4000-8000-000000000000'; DELETE FROM pages; --"] },
              'must be a UUID',
            ],
          ]
        : []),
      [w.path, 'unknown field', { ...valid, tenant_id: UUID }, 'should not exist'],
    ] as [string, string, object, string][];
  });

  it.each(cases)('PUT %s with %s', async (path, _name, body, detail) => {
    const before = await fingerprint();
    const res = await request(app.getHttpServer()).put(path).set('Authorization', auth).send(body);
    expect(res.status).toBe(400);
    expect(res.body.detail).toContain(detail);
    expect(await fingerprint()).toBe(before);
  });

  /** Select-all and direct-submit bodies: one broken field at a time. */
  it.each([
    ['/api/v3/places/staging/status/filtered', { status: 'Bogus' }, 'allowed values'],
    ['/api/v3/places/staging/status/filtered', { status: 'Maybe', status_filter: 'Nope' }, 'allowed values'],
    ['/api/v3/places/staging/status/filtered', { status: 'Maybe', discovery_job_id: "1' OR 1=1" }, 'must be a UUID'],
    ['/api/v3/places/staging/queue-deep-scan', { place_ids: [] }, 'at least 1 id'],
    [
      '/api/v3/local-businesses/status/filtered',
      { status: 'Maybe', business_name: 42 },
      'business_name must be a string',
    ],
    ['/api/v3/local-businesses/status/filtered', { status_filter: 'New' }, 'allowed values'],
    ['/api/v3/domains/sitemap-curation/status/filtered', { sitemap_curation_status: 'Completed!' }, 'allowed values'],
    [
      '/api/v3/sitemap-files/sitemap_import_curation/status/filtered',
      { deep_scrape_curation_status: 'Maybe', domain_id: 'x' },
      'must be a UUID',
    ],
    ['/api/v3/pages/status/filtered', { status: 'Skipped', page_type: 'CONTACT' }, 'allowed values'],
  ])('PUT %s with %j is a 400', async (path, body, detail) => {
    const before = await fingerprint();
    const res = await request(app.getHttpServer()).put(path).set('Authorization', auth).send(body);
    expect(res.status).toBe(400);
    expect(res.body.detail).toContain(detail);
    expect(await fingerprint()).toBe(before);
  });

  it.each([
    [{ domains: 'example.com' }, 'domains must be an array'],
    [{ domains: [] }, 'at least 1 domain'],
    [{ domains: Array.from({ length: 101 }, (_, i) => `d${i}.example.com`) }, 'at most 100 entries'],
    [{ domains: [42] }, 'each domains entry must be a string'],
    [{ domains: ['ok.example.com'], auto_queue: 'yes' }, 'auto_queue must be a boolean'],
    [{ domains: ['ok.example.com', 'javascript:alert(1)'] }, 'is not a website'],
  ])('POST /api/v3/domains/direct-submit with %j is a 400', async (body, detail) => {
    const before = await fingerprint();
    const res = await request(app.getHttpServer())
      .post('/api/v3/domains/direct-submit')
      .set('Authorization', auth)
      .send(body);
    expect(res.status).toBe(400);
    expect(res.body.detail).toContain(detail);
    expect(await fingerprint()).toBe(before);
  });

  it.each([
    ['/api/v3/local-businesses?sort_by=updated_at;DROP TABLE pages', 'sort_by must be one of'],
    ['/api/v3/local-businesses?sort_dir=desc,id', 'sort_dir must be asc or desc'],
    ['/api/v3/domains?sort_by=(select 1)', 'sort_by must be one of'],
    ['/api/v3/domains?sort_desc=maybe', 'sort_desc must be a boolean'],
    ['/api/v3/places/staging?status=Selected%27%20OR%201%3D1', 'allowed values'],
    ['/api/v3/sitemap-files?domain_id=1%20OR%201%3D1', 'domain_id must be a UUID'],
    ['/api/v3/pages?limit=1001', 'limit must not be greater than 1000'],
    ['/api/v3/pages?offset=-1', 'offset must not be less than 0'],
    ['/api/v3/contacts?has_gmail=yes', 'has_gmail must be a boolean'],
    ['/api/v3/local-businesses?size=abc', 'size must be an integer'],
    ['/api/v3/local-businesses?unknown=1', 'property unknown should not exist'],
  ])('GET %s is a 400', async (path, detail) => {
    const res = await request(app.getHttpServer()).get(path).set('Authorization', auth);
    expect(res.status).toBe(400);
    expect(res.body.detail).toContain(detail);
  });

  it('treats injection-looking filter values as plain text (bound parameters)', async () => {
    const before = await fingerprint();
    for (const path of TEXT_FILTERS) {
      const res = await request(app.getHttpServer())
        .get(`${path}${encodeURIComponent("x'); DROP TABLE domains; --")}`)
        .set('Authorization', auth);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
    }
    expect(await fingerprint()).toBe(before);
  });

  it('costs at most three statements per select-all update, matching few rows or all of them, with no N+1', async () => {
    for (const [path, few, all] of [
      [
        '/api/v3/places/staging/status/filtered',
        { status: 'Maybe', status_filter: 'Archived' },
        { status: 'Archived' },
      ],
      [
        '/api/v3/local-businesses/status/filtered',
        { status: 'Maybe', status_filter: 'Archived' },
        { status: 'Archived' },
      ],
      [
        '/api/v3/domains/sitemap-curation/status/filtered',
        { sitemap_curation_status: 'Maybe', sitemap_curation_status_filter: 'Archived' },
        { sitemap_curation_status: 'Archived' },
      ],
      [
        '/api/v3/sitemap-files/sitemap_import_curation/status/filtered',
        { deep_scrape_curation_status: 'Maybe', deep_scrape_curation_status_filter: 'Archived' },
        { deep_scrape_curation_status: 'Archived' },
      ],
      ['/api/v3/pages/status/filtered', { status: 'Skipped', page_curation_status: 'New' }, { status: 'Skipped' }],
    ] as const) {
      for (const body of [all, few]) {
        const { result, queries } = await recordQueries(() =>
          request(app.getHttpServer()).put(path).set('Authorization', auth).send(body),
        );
        expect({ path, status: result.status }).toEqual({ path, status: result.body.updated_count > 0 ? 200 : 404 });
        expect(queries.length).toBeLessThanOrEqual(3);
        expect(findNPlusOne(queries)).toEqual([]);
      }
    }
  });

  it('costs at most three statements per update, for one id and for many, on every write endpoint', async () => {
    for (const w of WRITES) {
      const table = {
        place_ids: 'places_staging',
        local_business_ids: 'local_businesses',
        domain_ids: 'domains',
        sitemap_file_ids: 'sitemap_files',
        page_ids: 'pages',
      }[w.ids];
      const column = w.ids === 'place_ids' ? 'place_id' : 'id';
      const all: string[] = (await db.dataSource.query(`SELECT ${column} AS id FROM ${table}`)).map(
        (r: { id: string }) => r.id,
      );
      for (const ids of [all.slice(0, 1), all]) {
        const { result, queries } = await recordQueries(() =>
          request(app.getHttpServer())
            .put(w.path)
            .set('Authorization', auth)
            .send({ [w.ids]: ids, [w.status]: w.label }),
        );
        expect({ path: w.path, status: result.status, updated: result.body.updated_count }).toEqual({
          path: w.path,
          status: 200,
          updated: ids.length,
        });
        expect(queries.length).toBeLessThanOrEqual(3);
      }
    }
  });
});
