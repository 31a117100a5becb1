import { INestApplication } from '@nestjs/common';
import request from 'supertest';

import { createTestDatabase, TestDatabase } from '@curation/sdk/testing';

import { bearer, createApiTestApp, signedClaims } from '../testing/api-test-app';

const ISSUER = 'https://project-ref.supabase.co/auth/v1';
const MAX_AGE_S = 3600;
const now = (): number => Math.floor(Date.now() / 1000);
/** Everything a good token carries; each case below breaks one claim. */
const good = (): Record<string, unknown> => ({
  sub: '7f4c1b3e-0000-4000-8000-000000000001',
  role: 'authenticated',
  aud: 'authenticated',
  iss: ISSUER,
  iat: now() - 10,
  exp: now() + 600,
});

describe('bearer tokens: exp within JWT_MAX_AGE_S, a string sub, role authenticated, the configured issuer', () => {
  let db: TestDatabase;
  let app: INestApplication;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createApiTestApp(db.url, {
      JWT_ISSUER: ISSUER,
      JWT_MAX_AGE_S: String(MAX_AGE_S),
      RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: '0',
    });
  });

  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it('accepts a token carrying every required claim', async () => {
    await request(app.getHttpServer()).get('/api/v3/contacts').set('Authorization', signedClaims(good())).expect(200);
    await request(app.getHttpServer())
      .get('/api/v3/contacts')
      .set('Authorization', bearer({ issuer: ISSUER }))
      .expect(200);
  });

  const { exp: _exp, ...noExp } = good();
  const { iat: _iat, ...noIat } = good();
  const { sub: _sub, ...noSub } = good();
  const { role: _role, ...noRole } = good();
  const { iss: _iss, ...noIss } = good();
  it.each([
    ['no exp', noExp],
    ['no iat', noIat],
    ['exp - iat above JWT_MAX_AGE_S', { ...good(), iat: now() - 10, exp: now() - 10 + MAX_AGE_S + 60 }],
    ['iat in the future', { ...good(), iat: now() + 3600, exp: now() + 3600 + 60 }],
    ['exp not a number', { ...good(), exp: String(now() + 600) }],
    ['no sub', noSub],
    ['numeric sub', { ...good(), sub: 42 }],
    ['object sub', { ...good(), sub: { id: 'x' } }],
    ['empty sub', { ...good(), sub: '' }],
    ['no role', noRole],
    ['role anon', { ...good(), role: 'anon' }],
    ['role service_role', { ...good(), role: 'service_role' }],
    ['another issuer', { ...good(), iss: 'https://attacker.example.com/auth/v1' }],
    ['no issuer', noIss],
    ['another audience', { ...good(), aud: 'anon' }],
  ])(
    'refuses a well-signed token with %s: 401 "Invalid token", naming no claim or expected value',
    async (_name, claims) => {
      const res = await request(app.getHttpServer()).get('/api/v3/contacts').set('Authorization', signedClaims(claims));
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ detail: 'Invalid token', status_code: 401 });
    },
  );

  it('refuses forged, unsigned and expired tokens without detail', async () => {
    const forged = await request(app.getHttpServer())
      .get('/api/v3/contacts')
      .set('Authorization', signedClaims(good(), 'another-secret-that-is-at-least-32-characters'));
    expect(forged.body).toEqual({ detail: 'Invalid token', status_code: 401 });
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify(good())).toString('base64url');
    const unsigned = await request(app.getHttpServer())
      .get('/api/v3/contacts')
      .set('Authorization', `Bearer ${header}.${payload}.`);
    expect(unsigned.body).toEqual({ detail: 'Invalid token', status_code: 401 });
    const expired = await request(app.getHttpServer())
      .get('/api/v3/contacts')
      .set('Authorization', signedClaims({ ...good(), iat: now() - 7200, exp: now() - 3700 }));
    expect(expired.body).toEqual({ detail: 'Token expired', status_code: 401 });
  });

  it('without JWT_ISSUER, accepts any issuer but still requires exp, a string sub and the role', async () => {
    const other = await createApiTestApp(db.url);
    try {
      await request(other.getHttpServer())
        .get('/api/v3/contacts')
        .set('Authorization', signedClaims({ ...good(), iss: 'https://elsewhere.example.com' }))
        .expect(200);
      await request(other.getHttpServer())
        .get('/api/v3/contacts')
        .set('Authorization', signedClaims(noExp))
        .expect(401);
      await request(other.getHttpServer())
        .get('/api/v3/contacts')
        .set('Authorization', signedClaims({ ...good(), sub: 7 }))
        .expect(401);
      await request(other.getHttpServer())
        .get('/api/v3/contacts')
        .set('Authorization', signedClaims(noRole))
        .expect(401);
    } finally {
      await other.close();
    }
  });
});
