import { INestApplication } from '@nestjs/common';
import request from 'supertest';

import { DEFAULT_TENANT_ID } from '@curation/sdk';
import { createTestDatabase, generateFixtures, insertFixtures, TestDatabase } from '@curation/sdk/testing';

import { bearer, createApiTestApp } from '../testing/api-test-app';

const USER = '7f4c1b3e-0000-4000-8000-000000000077';
const UNKNOWN = '00000000-0000-4000-8000-000000000000';
const BASE = '/api/v3/sitemap-files';

/** POST/GET/PUT/PATCH/DELETE /api/v3/sitemap-files/{id}: the reference's SitemapFileCreate/Read/Update, plus 404/409/400. */
describe('sitemap file create, read, update and delete (real API, real PostgreSQL)', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let domainId: string;
  const auth = bearer({ sub: USER });
  const http = () => request(app.getHttpServer());
  // md5 of every sitemap file and domain: any write changes it
  const fingerprint = async (): Promise<string> =>
    (
      await db.dataSource.query(
        `SELECT md5(string_agg(t, '|' ORDER BY t)) AS h FROM (
           SELECT s::text AS t FROM sitemap_files s UNION ALL SELECT d::text FROM domains d) x`,
      )
    )[0].h;

  beforeAll(async () => {
    db = await createTestDatabase();
    await insertFixtures(db.dataSource, generateFixtures({ count: 20 }));
    app = await createApiTestApp(db.url);
    [{ id: domainId }] = await db.dataSource.query(
      `INSERT INTO domains (domain, tenant_id) VALUES ('crud-sitemaps.example.org', $1) RETURNING id`,
      [DEFAULT_TENANT_ID],
    );
  });

  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  /** Every field of the reference's SitemapFileRead the API returns, with its type. */
  const expectRead = (body: Record<string, unknown>) =>
    expect(body).toEqual(
      expect.objectContaining({
        id: expect.any(String),
        domain_id: expect.any(String),
        domain_name: expect.any(String),
        sitemap_url: expect.any(String),
        status: expect.any(String),
        created_at: expect.any(String),
        updated_at: expect.any(String),
        deep_scrape_curation_status: expect.any(String),
      }),
    );

  it('creates with the reference body (url under its alias sitemap_url), reads it back, and refuses it twice with 409', async () => {
    const body = {
      domain_id: domainId,
      sitemap_url: 'https://CRUD-Sitemaps.example.org/sitemap.xml#top',
      status: 'Pending',
      file_path: null,
      error_message: null,
      processing_time: null,
      url_count: 0,
    };
    const created = await http().post(`${BASE}/`).set('Authorization', auth).send(body).expect(201);
    expectRead(created.body);
    expect(created.body).toMatchObject({
      domain_id: domainId,
      domain_name: 'crud-sitemaps.example.org',
      sitemap_url: 'https://crud-sitemaps.example.org/sitemap.xml',
      status: 'Pending',
      url_count: 0,
      sitemap_type: 'standard',
      discovery_method: 'manual',
      deep_scrape_curation_status: 'New',
      deep_scrape_process_status: null,
      created_by: USER,
    });
    const read = await http().get(`${BASE}/${created.body.id}`).set('Authorization', auth).expect(200);
    expect(read.body).toEqual(created.body);

    const before = await fingerprint();
    const again = await http().post(BASE).set('Authorization', auth).send(body).expect(409);
    expect(again.body.detail).toBe(
      `Sitemap file already exists: https://crud-sitemaps.example.org/sitemap.xml (ID: ${created.body.id})`,
    );
    expect(await fingerprint()).toBe(before);

    // The reference schema populated `url` by name as well.
    const byName = await http()
      .post(BASE)
      .set('Authorization', auth)
      .send({ domain_id: domainId, url: 'https://crud-sitemaps.example.org/news-sitemap.xml', sitemap_type: 'news' })
      .expect(201);
    expect(byName.body).toMatchObject({
      sitemap_url: 'https://crud-sitemaps.example.org/news-sitemap.xml',
      sitemap_type: 'news',
    });
  });

  it.each([
    ['domain_id must be a UUID', { domain_id: undefined, sitemap_url: 'https://x.example.org/sitemap.xml' }],
    ['domain_id: no domain has this id', { domain_id: UNKNOWN, sitemap_url: 'https://x.example.org/sitemap.xml' }],
    ['sitemap_url is required', { domain_id: 'DOMAIN' }],
    ['is not an absolute URL', { sitemap_url: 'not a url' }],
    ['is not http or https', { sitemap_url: 'ftp://x.example.org/sitemap.xml' }],
    ['sitemap_url must be shorter than or equal to 2000', { sitemap_url: `https://x.example.org/${'a'.repeat(2001)}` }],
    ['name different URLs', { sitemap_url: 'https://x.example.org/a.xml', url: 'https://x.example.org/b.xml' }],
    ['status: ', { sitemap_url: 'https://x.example.org/s.xml', status: 'Done' }],
    ['file_path is not stored by this API', { sitemap_url: 'https://x.example.org/s.xml', file_path: '/tmp/s.xml' }],
    ['processing_time is not stored', { sitemap_url: 'https://x.example.org/s.xml', processing_time: 1.5 }],
    ['url_count must not be less than 0', { sitemap_url: 'https://x.example.org/s.xml', url_count: -1 }],
    ['property tenant should not exist', { sitemap_url: 'https://x.example.org/s.xml', tenant: 'x' }],
  ])('create → 400 %p, nothing written', async (message, fields) => {
    const before = await fingerprint();
    const body: Record<string, unknown> = { domain_id: domainId, ...fields };
    if (body.domain_id === 'DOMAIN') body.domain_id = domainId;
    const res = await http().post(BASE).set('Authorization', auth).send(body).expect(400);
    expect(res.body.detail).toContain(message);
    expect(await fingerprint()).toBe(before);
  });

  it('updates only the fields sent (PUT and PATCH), queues the import when curation becomes Selected', async () => {
    const [file] = await db.dataSource.query(
      `SELECT id, url, status::text AS status, sitemap_type FROM sitemap_files
        WHERE sitemap_import_status IS DISTINCT FROM 'Processing' AND deep_scrape_curation_status = 'New' ORDER BY id LIMIT 1`,
    );
    const before = (await http().get(`${BASE}/${file.id}`).set('Authorization', auth).expect(200)).body;
    const put = await http().put(`${BASE}/${file.id}`).set('Authorization', auth).send({ url_count: 1234 }).expect(200);
    expect(put.body).toEqual({ ...before, url_count: 1234, updated_by: USER, updated_at: expect.any(String) });

    const patched = await http()
      .patch(`${BASE}/${file.id}`)
      .set('Authorization', auth)
      .send({ deep_scrape_curation_status: 'selected', status: 'Completed', error_message: null })
      .expect(200);
    expect(patched.body).toMatchObject({
      sitemap_url: file.url,
      sitemap_type: file.sitemap_type,
      status: 'Completed',
      deep_scrape_curation_status: 'Selected',
      deep_scrape_process_status: 'Queued',
      sitemap_import_error: null,
      error_message: null,
    });
  });

  it('answers 404 for unknown ids, 409 for a URL the domain already has, 400 for bad updates: nothing written', async () => {
    const [a, b] = await db.dataSource.query(
      `SELECT f.id, f.url FROM sitemap_files f
        WHERE f.domain_id = (SELECT domain_id FROM sitemap_files GROUP BY domain_id HAVING count(*) > 1 ORDER BY domain_id LIMIT 1)
        ORDER BY f.url LIMIT 2`,
    );
    const before = await fingerprint();
    const cases: [string, string, object, number, string][] = [
      ['get', UNKNOWN, {}, 404, 'Sitemap file not found'],
      ['get', 'not-a-uuid', {}, 400, 'sitemap_file_id must be a UUID'],
      ['put', UNKNOWN, { url_count: 1 }, 404, 'Sitemap file not found'],
      ['patch', UNKNOWN, { deep_scrape_curation_status: 'Selected' }, 404, 'Sitemap file not found'],
      ['put', a.id, { sitemap_url: b.url }, 409, 'Another sitemap file of that domain already has this URL'],
      ['put', a.id, {}, 400, 'No update data provided.'],
      ['put', a.id, { file_path: null }, 400, 'No update data provided.'],
      ['put', a.id, { status: null }, 400, 'status: '],
      ['put', a.id, { sitemap_url: null }, 400, 'sitemap_url must be a string'],
      ['put', a.id, { domain_id: UNKNOWN }, 400, 'domain_id: no domain has this id'],
      ['patch', a.id, { deep_scrape_curation_status: 'Not_a_Fit!' }, 400, 'allowed values'],
      ['patch', a.id, { url_count: 'many' }, 400, 'url_count must be an integer'],
      ['patch', a.id, { priority: 1 }, 400, 'property priority should not exist'],
      ['delete', UNKNOWN, {}, 404, 'Sitemap file not found'],
    ];
    for (const [method, id, body, status, detail] of cases) {
      const res = await http()
        [method as 'get' | 'put' | 'patch' | 'delete'](`${BASE}/${id}`)
        .set('Authorization', auth)
        .send(body);
      expect({ method, id, body, status: res.status, detail: res.body.detail }).toEqual({
        method,
        id,
        body,
        status,
        detail: expect.stringContaining(detail),
      });
    }
    expect(await fingerprint()).toBe(before);
  });

  it('deletes with 204, and refuses (409) a file WF5 is importing or whose pages still refer to it', async () => {
    const created = await http()
      .post(BASE)
      .set('Authorization', auth)
      .send({ domain_id: domainId, sitemap_url: 'https://crud-sitemaps.example.org/delete-me.xml' })
      .expect(201);
    await http().delete(`${BASE}/${created.body.id}`).set('Authorization', auth).expect(204);
    await http().get(`${BASE}/${created.body.id}`).set('Authorization', auth).expect(404);
    await http().delete(`${BASE}/${created.body.id}`).set('Authorization', auth).expect(404);

    const [withPages] = await db.dataSource.query(
      `SELECT f.id FROM sitemap_files f WHERE f.sitemap_import_status IS DISTINCT FROM 'Processing'
          AND EXISTS (SELECT 1 FROM pages p WHERE p.sitemap_file_id = f.id) ORDER BY f.id LIMIT 1`,
    );
    const [busy] = await db.dataSource.query(
      `WITH busy AS (
         UPDATE sitemap_files SET sitemap_import_status = 'Processing'
          WHERE id = (SELECT id FROM sitemap_files WHERE id <> $1 ORDER BY id LIMIT 1) RETURNING id
       )
       SELECT id FROM busy`,
      [withPages.id],
    );
    const before = await fingerprint();
    const referenced = await http().delete(`${BASE}/${withPages.id}`).set('Authorization', auth).expect(409);
    expect(referenced.body.detail).toMatch(/Pages imported from this sitemap file still refer to it/);
    const importing = await http().delete(`${BASE}/${busy.id}`).set('Authorization', auth).expect(409);
    expect(importing.body.detail).toMatch(/being imported right now/);
    expect(await fingerprint()).toBe(before);
  });
});
