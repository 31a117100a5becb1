import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Request, Response } from 'express';
import { JsonWebTokenError, JwtPayload, TokenExpiredError, verify } from 'jsonwebtoken';

import { ApiConfig } from '../config/api.config';
import { AuthFailureBudget } from '../rate-limit/auth-failure-budget';
import { PUBLIC_ROUTE } from './public.decorator';

export interface AuthenticatedUser {
  readonly id: string;
}

/** The role Supabase gives signed-in users (`anon` and `service_role` keys are not user tokens). */
export const USER_ROLE = 'authenticated';

/** Clock skew tolerated for `iat` (a token issued just now by a slightly fast clock); `exp` gets none. */
const CLOCK_TOLERANCE_S = 30;

/** Longest accepted subject; Supabase subjects are uuids. */
const MAX_SUBJECT_LENGTH = 255;

class InvalidClaims extends Error {}

/** The claims every user token must carry beyond what `verify` checks; any miss is one generic failure. */
function userOf(claims: string | JwtPayload, maxAgeS: number): AuthenticatedUser {
  if (typeof claims !== 'object') throw new InvalidClaims();
  const { exp, iat, sub, role } = claims;
  if (typeof exp !== 'number' || typeof iat !== 'number') throw new InvalidClaims();
  if (exp - iat > maxAgeS || iat > Date.now() / 1000 + CLOCK_TOLERANCE_S) throw new InvalidClaims();
  if (typeof sub !== 'string' || sub.length === 0 || sub.length > MAX_SUBJECT_LENGTH) throw new InvalidClaims();
  if (role !== USER_ROLE) throw new InvalidClaims();
  return { id: sub };
}

/**
 * Bearer tokens as the reference's Supabase issues them: HS256, signed with JWT_SECRET, audience
 * JWT_AUDIENCE, issuer JWT_ISSUER when set, role `authenticated`, a string `sub` (the user id), and
 * `iat`/`exp` at most JWT_MAX_AGE_S apart. Every failure is a 401 that says only "Invalid token" (or
 * "Token expired", so clients know to refresh), never which claim or what was expected; each one counts
 * against the client IP's failed-authentication budget.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly config: ApiConfig,
    private readonly failures: AuthFailureBudget,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;
    const request = context.switchToHttp().getRequest<Request & { user?: AuthenticatedUser }>();
    const response = context.switchToHttp().getResponse<Response>();
    const [scheme, token] = (request.headers.authorization ?? '').split(' ');
    if (scheme !== 'Bearer' || !token) throw await this.failures.reject(request, response, 'Missing bearer token');
    try {
      const claims = verify(token, this.config.JWT_SECRET, {
        algorithms: ['HS256'],
        audience: this.config.JWT_AUDIENCE,
        issuer: this.config.JWT_ISSUER,
      });
      request.user = userOf(claims, this.config.JWT_MAX_AGE_S);
      return true;
    } catch (error) {
      // NotBeforeError and TokenExpiredError are JsonWebTokenErrors; anything else is a bug, not a bad token.
      if (!(error instanceof JsonWebTokenError || error instanceof InvalidClaims)) throw error;
      throw await this.failures.reject(
        request,
        response,
        error instanceof TokenExpiredError ? 'Token expired' : 'Invalid token',
      );
    }
  }
}
