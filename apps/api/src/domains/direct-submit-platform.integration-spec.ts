import { INestApplication } from '@nestjs/common';
import request from 'supertest';

import { createTestDatabase, TestDatabase } from '@curation/sdk/testing';

import { bearer, createApiTestApp } from '../testing/api-test-app';

/**
 * Direct submit normalises with the same function as WF3, so a platform's address (a social profile, a review
 * listing, a short link, a free builder site) is refused with the same reason WF3 stores: created, it would be
 * crawled by WF4 (at once with auto_queue) and its contacts recorded as a business's.
 */
describe('POST /api/v3/domains/direct-submit refuses platform websites (real PostgreSQL)', () => {
  let db: TestDatabase;
  let app: INestApplication;
  const post = (body: object) =>
    request(app.getHttpServer()).post('/api/v3/domains/direct-submit').set('Authorization', bearer()).send(body);
  const domains = async (): Promise<string[]> =>
    (await db.dataSource.query(`SELECT domain FROM domains ORDER BY domain`)).map((r: { domain: string }) => r.domain);

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createApiTestApp(db.url);
  });

  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it('is a 400 naming the platform, and writes nothing even for the valid entries beside it', async () => {
    const res = await post({
      domains: ['greenleafbakery.com', 'https://www.facebook.com/GreenleafBakery/', 'greenleaf.wixsite.com'],
      auto_queue: true,
    });
    expect(res.status).toBe(400);
    expect(res.body.detail).toBe(
      '"https://www.facebook.com/GreenleafBakery/" is a Facebook page, not the business\'s own site; "greenleaf.wixsite.com" is a Wix site on a shared domain, not the business\'s own site',
    );
    expect(await domains()).toEqual([]);
  });

  it('still creates look-alikes that are a business own domain', async () => {
    const res = await post({ domains: ['facebookbakery.com', 'https://bitly-shop.com/'] });
    expect(res.status).toBe(201);
    expect(res.body.normalized_domains).toEqual(['facebookbakery.com', 'bitly-shop.com']);
    expect(await domains()).toEqual(['bitly-shop.com', 'facebookbakery.com']);
  });
});
