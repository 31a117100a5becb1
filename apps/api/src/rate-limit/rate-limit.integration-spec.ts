import { INestApplication } from '@nestjs/common';
import request from 'supertest';

import { createTestDatabase, TestDatabase } from '@curation/sdk/testing';

import { bearer, createApiTestApp } from '../testing/api-test-app';

const METRICS_TOKEN = 'metrics-token-for-the-tests-0123';
const ALICE = bearer({ sub: 'alice' });
const BOB = bearer({ sub: 'bob' });
const BAD = bearer({ secret: 'not-the-secret-but-long-enough-to-sign-with' });
/** Behind one trusted proxy, X-Forwarded-For names the client. */
const from = (ip: string) => ({ 'X-Forwarded-For': ip });

describe('rate limit: one bucket per subject or client IP across routes, a failed-authentication budget, probes exempt', () => {
  let db: TestDatabase;
  const apps: INestApplication[] = [];
  const start = async (env: Record<string, string>) => {
    const app = await createApiTestApp(db.url, { METRICS_TOKEN, ...env });
    apps.push(app);
    return app.getHttpServer();
  };

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
    await db.drop();
  });

  it('counts an authenticated user across routes in one bucket keyed on the subject, not the IP', async () => {
    const server = await start({ RATE_LIMIT_PER_MINUTE: '3' });
    const statuses: number[] = [];
    for (const path of ['/api/v3/contacts', '/api/v3/domains', '/api/v3/pages', '/api/v3/workflows/status']) {
      statuses.push((await request(server).get(path).set('Authorization', ALICE)).status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    // Same IP, another subject: its own budget.
    await request(server).get('/api/v3/contacts').set('Authorization', BOB).expect(200);
  });

  it('keys anonymous calls on the client IP, apart from the users of that IP', async () => {
    const server = await start({ RATE_LIMIT_PER_MINUTE: '3', TRUST_PROXY: '1' });
    const scrape = (ip: string) =>
      request(server).get('/metrics').set(from(ip)).set('Authorization', `Bearer ${METRICS_TOKEN}`);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await scrape('203.0.113.7')).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    await scrape('198.51.100.9').expect(200);
    // A user calling from the exhausted IP is not in the anonymous bucket.
    await request(server).get('/api/v3/contacts').set(from('203.0.113.7')).set('Authorization', ALICE).expect(200);
  });

  it('gives failed authentications a small budget per IP: then 429, while valid tokens and other IPs still work', async () => {
    const server = await start({ RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: '2', TRUST_PROXY: '1' });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i += 1)
      statuses.push(
        (
          await request(server)
            .get(i === 1 ? '/api/v3/domains' : '/api/v3/contacts')
            .set(from('203.0.113.7'))
            .set('Authorization', BAD)
        ).status,
      );
    expect(statuses).toEqual([401, 401, 429]);
    const limited = await request(server).get('/api/v3/pages').set(from('203.0.113.7'));
    expect(limited.body).toEqual({ detail: 'Too many failed authentications: retry in a minute', status_code: 429 });
    // A wrong metrics token is a failed authentication too.
    await request(server).get('/metrics').set(from('203.0.113.7')).set('Authorization', 'Bearer wrong').expect(429);
    await request(server).get('/api/v3/contacts').set(from('198.51.100.9')).set('Authorization', BAD).expect(401);
    await request(server).get('/api/v3/contacts').set(from('203.0.113.7')).set('Authorization', ALICE).expect(200);
  });

  it('never throttles the health probes', async () => {
    const server = await start({ RATE_LIMIT_PER_MINUTE: '1' });
    for (let i = 0; i < 5; i += 1) {
      for (const path of ['/health/live', '/health/ready', '/health']) await request(server).get(path).expect(200);
    }
  });

  it('reads the client IP from X-Forwarded-For only as far as TRUST_PROXY hops', async () => {
    // No trusted proxy: a client cannot pick a fresh bucket by sending X-Forwarded-For.
    const direct = await start({ RATE_LIMIT_PER_MINUTE: '2' });
    const scrapeDirect = (ip: string) =>
      request(direct).get('/metrics').set(from(ip)).set('Authorization', `Bearer ${METRICS_TOKEN}`);
    expect([
      (await scrapeDirect('192.0.2.1')).status,
      (await scrapeDirect('192.0.2.2')).status,
      (await scrapeDirect('192.0.2.3')).status,
    ]).toEqual([200, 200, 429]);
    // Two proxies: the second entry from the right is the client; what the client itself prepends is ignored.
    const proxied = await start({ RATE_LIMIT_PER_MINUTE: '2', TRUST_PROXY: '2' });
    const scrapeProxied = (chain: string) =>
      request(proxied).get('/metrics').set('X-Forwarded-For', chain).set('Authorization', `Bearer ${METRICS_TOKEN}`);
    const statuses = [];
    for (const spoofed of ['1.1.1.1', '2.2.2.2', '3.3.3.3'])
      statuses.push((await scrapeProxied(`${spoofed}, 203.0.113.7, 10.0.0.2`)).status);
    expect(statuses).toEqual([200, 200, 429]);
    await scrapeProxied('1.1.1.1, 198.51.100.9, 10.0.0.2').expect(200);
  });
});
