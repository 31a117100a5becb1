import { createHmac } from 'node:crypto';

import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { sign } from 'jsonwebtoken';

import { AppModule } from '../app/app.module';
import { configureApp } from '../app/configure-app';
import { loadApiConfig } from '../config/api.config';

export const TEST_JWT_SECRET = 'test-secret-that-is-at-least-32-characters-long';

/** The real AppModule against a test database, as main.ts wires it. */
export async function createApiTestApp(
  databaseUrl: string,
  env: Record<string, string> = {},
): Promise<INestApplication> {
  // No console unless a test asks for one: whether dist/apps/web has been built must not change what a test sees.
  const config = loadApiConfig({ JWT_SECRET: TEST_JWT_SECRET, LOG_LEVEL: 'error', WEB_DIR: 'none', ...env });
  // NestFactory, as main.ts: a testing module compiles before the HTTP adapter exists, and @nestjs/serve-static
  // then installs its no-op loader (the console would not be served in tests).
  const app = configureApp(
    await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, databaseUrl), { logger: ['error'] }),
    config,
  );
  return app.init();
}

/** A token as Supabase issues it: HS256, audience `authenticated`, role `authenticated`, `iat` and `exp`, subject = user id. */
export function bearer(
  overrides: { secret?: string; audience?: string; expiresIn?: number; sub?: string; issuer?: string } = {},
): string {
  const token = sign(
    { sub: overrides.sub ?? '7f4c1b3e-0000-4000-8000-000000000001', role: 'authenticated' },
    overrides.secret ?? TEST_JWT_SECRET,
    {
      algorithm: 'HS256',
      audience: overrides.audience ?? 'authenticated',
      expiresIn: overrides.expiresIn ?? 3600,
      ...(overrides.issuer ? { issuer: overrides.issuer } : {}),
    },
  );
  return `Bearer ${token}`;
}

/**
 * Exactly these claims, HS256-signed with the test secret: for tokens that are well signed but must still be
 * refused. Signed by hand because jsonwebtoken's `sign` adds `iat` and rejects malformed claims itself.
 */
export function signedClaims(claims: Record<string, unknown>, secret = TEST_JWT_SECRET): string {
  const part = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}`;
  return `Bearer ${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}
