import { INestApplication } from '@nestjs/common';
import request from 'supertest';

import { createTestDatabase, generateFixtures, insertFixtures, TestDatabase } from '@curation/sdk/testing';

import { bearer, createApiTestApp } from '../testing/api-test-app';

const UUID = '00000000-0000-4000-8000-000000000000';

describe('control characters in any string input: 400 with a detail naming the field, nothing written', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let fingerprint: () => Promise<string>;
  const auth = bearer();

  beforeAll(async () => {
    db = await createTestDatabase();
    await insertFixtures(db.dataSource, generateFixtures({ count: 5 }));
    // A key makes the place search write its row, so a NUL there would reach PostgreSQL.
    app = await createApiTestApp(db.url, { GOOGLE_MAPS_API_KEY: 'test-key' });
    fingerprint = async () =>
      (
        await db.dataSource.query(
          `SELECT md5(string_agg(t, '|' ORDER BY t)) AS h FROM (
             SELECT p::text AS t FROM places_staging p UNION ALL SELECT b::text FROM local_businesses b UNION ALL SELECT d::text FROM domains d
             UNION ALL SELECT s::text FROM place_searches s UNION ALL SELECT g::text FROM pages g) x`,
        )
      )[0].h;
  });

  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it.each([
    [
      'POST',
      '/api/v3/localminer-discoveryscan/search/places',
      { business_type: 'bakery\u0000', location: 'Austin, TX' },
      'body field business_type',
    ],
    [
      'POST',
      '/api/v3/localminer-discoveryscan/search/places',
      { business_type: 'bakery', location: 'Austin\u0007TX' },
      'body field location',
    ],
    [
      'PUT',
      '/api/v3/places/staging/status',
      { place_ids: ['ChIJ-ok', 'ChIJ\u0000bad'], status: 'Maybe' },
      'body field place_ids[1]',
    ],
    ['POST', '/api/v3/domains/direct-submit', { domains: ['ok.example.com\u001b[31m'] }, 'body field domains[0]'],
    [
      'PUT',
      '/api/v3/local-businesses/status/filtered',
      { status: 'Maybe', business_name: 'a\u0085b' },
      'body field business_name',
    ],
    [
      'PUT',
      '/api/v3/local-businesses/status',
      { local_business_ids: [UUID], status: 'Maybe', 'x\u0000': 1 },
      'body field (a name with a control character)',
    ],
  ] as const)('%s %s with a control character in the body', async (method, path, body, detail) => {
    const before = await fingerprint();
    const res = await request(app.getHttpServer())
      [method === 'POST' ? 'post' : 'put'](path)
      .set('Authorization', auth)
      .send(body);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      detail: expect.stringContaining(`${detail} contains a control character`),
      status_code: 400,
    });
    expect(await fingerprint()).toBe(before);
  });

  it.each([
    ['/api/v3/local-businesses?business_name=bake%00ry', 'query parameter business_name'],
    ['/api/v3/domains?domain=a%01b', 'query parameter domain'],
    ['/api/v3/pages?url_contains=%7F', 'query parameter url_contains'],
    ['/api/v3/contacts?email_contains=a%0Ab', 'query parameter email_contains'],
    ['/api/v3/sitemap-files?url_contains=x%00', 'query parameter url_contains'],
  ])('GET %s is a 400', async (path, detail) => {
    const res = await request(app.getHttpServer()).get(path).set('Authorization', auth);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      detail: expect.stringContaining(`${detail} contains a control character`),
      status_code: 400,
    });
  });

  it.each([
    ['/api/v3/localminer-discoveryscan/search/status/%00', 'path parameter job_id'],
    ['/api/v3/localminer-discoveryscan/results/abc%00def', 'path parameter job_id'],
  ])('GET %s (control character in a path parameter) is a 400', async (path, detail) => {
    const res = await request(app.getHttpServer()).get(path).set('Authorization', auth);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      detail: expect.stringContaining(`${detail} contains a control character`),
      status_code: 400,
    });
  });

  it('still accepts ordinary text, including non-ASCII letters and emoji', async () => {
    await request(app.getHttpServer())
      .get(`/api/v3/local-businesses?business_name=${encodeURIComponent('Bäckerei Müller 🍞')}`)
      .set('Authorization', auth)
      .expect(200);
    await request(app.getHttpServer())
      .post('/api/v3/localminer-discoveryscan/search/places')
      .set('Authorization', auth)
      .send({ business_type: 'café', location: 'Zürich' })
      .expect(202);
  });
});
