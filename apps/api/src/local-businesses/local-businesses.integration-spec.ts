import { INestApplication } from '@nestjs/common';
import request from 'supertest';

import { SchedulerLoop, WF3_DOMAIN_EXTRACTION } from '@curation/sdk';
import {
  createTestDatabase,
  expectNoNPlusOne,
  insertBusinesses,
  recordQueries,
  TestDatabase,
} from '@curation/sdk/testing';
import { Wf3DomainExtractionHandler } from '@curation/sdk/worker';

import { bearer, createApiTestApp } from '../testing/api-test-app';

describe('/api/v3/local-businesses (real AppModule, real PostgreSQL)', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let ids: string[];
  const auth = bearer();

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createApiTestApp(db.url);
  });

  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  beforeEach(async () => {
    await db.dataSource.query(`TRUNCATE local_businesses, domains CASCADE`);
    ids = await insertBusinesses(db.dataSource, [
      'https://www.alpha.example.com',
      'beta.example.com',
      'https://gamma.example.com/contact',
      '   ',
    ]);
  });

  const snapshot = () =>
    db.dataSource.query(
      `SELECT id, status::text, domain_extraction_status::text AS p, domain_extraction_error AS e FROM local_businesses ORDER BY id`,
    );

  describe('auth', () => {
    it.each([
      ['no header', undefined, 'Missing bearer token'],
      ['another scheme', 'Basic abc', 'Missing bearer token'],
      ['a forged signature', bearer({ secret: 'another-secret-that-is-at-least-32-characters' }), 'Invalid token'],
      ['the wrong audience', bearer({ audience: 'anon' }), 'Invalid token'],
      ['an expired token', bearer({ expiresIn: -10 }), 'Token expired'],
    ])('answers 401 with a detail for %s, and writes nothing', async (_case, header, detail) => {
      const before = await snapshot();
      const put = request(app.getHttpServer())
        .put('/api/v3/local-businesses/status')
        .send({ local_business_ids: ids, status: 'Selected' });
      const res = await (header ? put.set('Authorization', header) : put);
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ detail, status_code: 401 });
      expect(await snapshot()).toEqual(before);
    });

    it('lets health checks through without a token', async () => {
      await request(app.getHttpServer()).get('/health').expect(200);
    });
  });

  describe('PUT status', () => {
    it.each(['Not a Fit', 'Not_a_Fit', 'NOT_A_FIT', 'not-a-fit'])(
      'stores the label "Not a Fit" for %j',
      async (status) => {
        const res = await request(app.getHttpServer())
          .put('/api/v3/local-businesses/status')
          .set('Authorization', auth)
          .send({ local_business_ids: ids.slice(0, 2), status });
        expect(res.status).toBe(200);
        expect(res.body).toEqual({
          message: 'Updated 2 local businesses to Not a Fit',
          updated_count: 2,
          queued_count: 0,
        });
        const rows = await db.dataSource.query(
          `SELECT status::text AS s FROM local_businesses WHERE id = ANY($1::uuid[])`,
          [ids.slice(0, 2)],
        );
        expect(rows).toEqual([{ s: 'Not a Fit' }, { s: 'Not a Fit' }]);
      },
    );

    it('queues Selected rows for domain extraction, and the WF3 loop completes them', async () => {
      const res = await request(app.getHttpServer())
        .put('/api/v3/local-businesses/status')
        .set('Authorization', auth)
        .send({ local_business_ids: ids, status: 'Selected' });
      expect(res.body).toMatchObject({ updated_count: 4, queued_count: 4 });
      const loop = new SchedulerLoop(db.dataSource, WF3_DOMAIN_EXTRACTION, new Wf3DomainExtractionHandler(), {
        owner: 'api-test',
        tuning: WF3_DOMAIN_EXTRACTION.defaults,
      });
      await loop.tick();
      await loop.stop(1000);
      const rows = await db.dataSource.query(
        `SELECT b.domain_extraction_status::text AS p, d.domain FROM local_businesses b LEFT JOIN domains d ON d.id = b.domain_id ORDER BY b.business_name`,
      );
      expect(rows).toEqual([
        { p: 'Completed', domain: 'alpha.example.com' },
        { p: 'Completed', domain: 'beta.example.com' },
        { p: 'Completed', domain: 'gamma.example.com' },
        { p: 'Error', domain: null },
      ]);
    });

    it.each([
      [
        'an unknown label',
        { status: 'Bogus' },
        'status: "Bogus" is not a valid PlaceStatus; allowed values: "New", "Selected", "Maybe", "Not a Fit", "Archived"',
      ],
      ['a wrong type', { status: 7 }, 'status: 7 is not a valid PlaceStatus'],
      ['an empty id list', { local_business_ids: [] }, 'local_business_ids must contain at least 1 id'],
      [
        'a non-uuid id',
        { local_business_ids: ['1; DROP TABLE local_businesses'] },
        'each local_business_ids entry must be a UUID',
      ],
      [
        'too many ids',
        { local_business_ids: Array.from({ length: 10_001 }, () => '00000000-0000-4000-8000-000000000000') },
        'at most 10000 ids',
      ],
      ['an unknown field', { extra: 1 }, 'property extra should not exist'],
    ])('rejects %s with 400 and writes nothing', async (_case, patch, detail) => {
      const before = await snapshot();
      const res = await request(app.getHttpServer())
        .put('/api/v3/local-businesses/status')
        .set('Authorization', auth)
        .send({ local_business_ids: ids, status: 'Selected', ...patch });
      expect(res.status).toBe(400);
      expect(res.body.detail).toContain(detail);
      expect(await snapshot()).toEqual(before);
    });

    it('answers malformed JSON and oversized bodies with 400/413 and a detail, never 500', async () => {
      const malformed = await request(app.getHttpServer())
        .put('/api/v3/local-businesses/status')
        .set('Authorization', auth)
        .set('Content-Type', 'application/json')
        .send('{"status": ');
      expect(malformed.status).toBe(400);
      expect(malformed.body).toEqual({ detail: expect.stringContaining('JSON'), status_code: 400 });
      const huge = await request(app.getHttpServer())
        .put('/api/v3/local-businesses/status')
        .set('Authorization', auth)
        .send({ local_business_ids: ids, status: 'Selected', padding: 'x'.repeat(2 * 1024 * 1024) });
      expect(huge.status).toBe(413);
      expect(huge.body).toEqual({ detail: 'Request body too large', status_code: 413 });
    });

    it('costs at most three statements for 1 id and for 10,000 ids', async () => {
      const many = await insertBusinesses(
        db.dataSource,
        Array.from({ length: 9_996 }, (_, i) => `https://many-${i}.example.com`),
      );
      for (const batch of [[ids[0]], [...ids, ...many]]) {
        const { result, queries } = await recordQueries(() =>
          request(app.getHttpServer())
            .put('/api/v3/local-businesses/status')
            .set('Authorization', auth)
            .send({ local_business_ids: batch, status: 'Maybe' }),
        );
        expect(result.body.updated_count).toBe(batch.length);
        expect(queries.length).toBeLessThanOrEqual(3);
      }
    });
  });

  describe('PUT status/filtered', () => {
    it('updates every row matching the filters, set-based', async () => {
      await db.dataSource.query(`UPDATE local_businesses SET business_name = 'Keller Plumbing' WHERE id = $1`, [
        ids[0],
      ]);
      const res = await request(app.getHttpServer())
        .put('/api/v3/local-businesses/status/filtered')
        .set('Authorization', auth)
        .send({ status: 'Selected', status_filter: 'New', business_name: 'keller' });
      expect(res.body).toEqual({
        message: 'Updated 1 local businesses to Selected',
        updated_count: 1,
        queued_count: 1,
      });
    });

    it('answers 404 when nothing matches', async () => {
      const res = await request(app.getHttpServer())
        .put('/api/v3/local-businesses/status/filtered')
        .set('Authorization', auth)
        .send({ status: 'Selected', business_name: 'nobody' });
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ detail: 'No local businesses match the filters', status_code: 404 });
    });
  });

  describe('GET list', () => {
    it('pages deterministically with total and pages, filters by label or alias, and carries the fields the frontend reads', async () => {
      await db.dataSource.query(`UPDATE local_businesses SET status = 'Not a Fit' WHERE id = $1`, [ids[1]]);
      const res = await request(app.getHttpServer())
        .get('/api/v3/local-businesses?status=Not_a_Fit&page=1&size=2')
        .set('Authorization', auth)
        .expect(200);
      expect(res.body).toMatchObject({ total: 1, page: 1, size: 2, pages: 1 });
      expect(Object.keys(res.body.items[0])).toEqual(
        expect.arrayContaining([
          'id',
          'business_name',
          'full_address',
          'website_url',
          'status',
          'domain_extraction_status',
        ]),
      );
      expect(res.body.items[0]).toMatchObject({ id: ids[1], status: 'Not a Fit', website_url: 'beta.example.com' });
      const all = await request(app.getHttpServer())
        .get('/api/v3/local-businesses?size=3&sort_by=business_name&sort_dir=asc')
        .set('Authorization', auth)
        .expect(200);
      expect(all.body).toMatchObject({ total: 4, pages: 2 });
      const second = await request(app.getHttpServer())
        .get('/api/v3/local-businesses?size=3&page=2&sort_by=business_name&sort_dir=asc')
        .set('Authorization', auth)
        .expect(200);
      expect([...all.body.items, ...second.body.items].map((i: { business_name: string }) => i.business_name)).toEqual([
        'Business 1',
        'Business 2',
        'Business 3',
        'Business 4',
      ]);
    });

    it.each([
      ['sort_by=website_url; DROP TABLE x', 'sort_by must be one of'],
      ['size=201', 'size must not be greater than 200'],
      ['page=0', 'page must not be less than 1'],
      ['status=Bogus', 'allowed values'],
      ['sort_dir=sideways', 'sort_dir must be asc or desc'],
    ])('rejects %s with 400', async (query, detail) => {
      const res = await request(app.getHttpServer())
        .get(`/api/v3/local-businesses?${query}`)
        .set('Authorization', auth);
      expect(res.status).toBe(400);
      expect(res.body.detail).toContain(detail);
    });

    it('sorts on the columns it returns, as the reference sorted on any attribute, and reads sort_dir in any case', async () => {
      await db.dataSource.query(
        `UPDATE local_businesses SET full_address = 'Addr ' || business_name, phone = '555-' || business_name`,
      );
      for (const key of ['full_address', 'phone', 'website_url']) {
        const res = await request(app.getHttpServer())
          .get(`/api/v3/local-businesses?sort_by=${key}&sort_dir=ASC`)
          .set('Authorization', auth)
          .expect(200);
        // The database's collation decides the order, not JavaScript's.
        const expected = await db.dataSource.query(
          `SELECT ${key} AS v FROM local_businesses ORDER BY ${key} ASC, id ASC`,
        );
        expect({ key, values: res.body.items.map((i: Record<string, string | null>) => i[key]) }).toEqual({
          key,
          values: expected.map((r: { v: string | null }) => r.v),
        });
      }
      const desc = await request(app.getHttpServer())
        .get('/api/v3/local-businesses?sort_by=business_name&sort_dir=Desc')
        .set('Authorization', auth)
        .expect(200);
      expect(desc.body.items[0].business_name).toBe('Business 4');
    });

    it('treats LIKE wildcards in the name filter as plain text', async () => {
      const res = await request(app.getHttpServer())
        .get('/api/v3/local-businesses?business_name=%25')
        .set('Authorization', auth)
        .expect(200);
      expect(res.body.total).toBe(0);
    });

    it('costs exactly two statements at page sizes 1 and 200, with no N+1', async () => {
      for (const size of [1, 200]) {
        const { queries } = await recordQueries(() =>
          request(app.getHttpServer())
            .get(`/api/v3/local-businesses?size=${size}`)
            .set('Authorization', auth)
            .expect(200),
        );
        expect(queries).toHaveLength(2);
      }
      await expectNoNPlusOne(() =>
        request(app.getHttpServer()).get('/api/v3/local-businesses?size=200').set('Authorization', auth),
      );
    });
  });
});
