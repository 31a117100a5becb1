import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Request } from 'express';
import { JsonWebTokenError, TokenExpiredError, verify } from 'jsonwebtoken';
import { ApiConfig } from '../config/api.config';
import { PUBLIC_ROUTE } from './public.decorator';

export interface AuthenticatedUser {
  readonly id: string;
}

/**
 * Bearer tokens as the reference's Supabase issues them: HS256, signed with JWT_SECRET, audience
 * `authenticated`. The token's `sub` becomes the user id. Missing, expired or forged tokens get 401.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly config: ApiConfig,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    const request = context.switchToHttp().getRequest<Request & { user?: AuthenticatedUser }>();
    const [scheme, token] = (request.headers.authorization ?? '').split(' ');
    if (scheme !== 'Bearer' || !token) throw new UnauthorizedException({ detail: 'Missing bearer token' });
    try {
      const claims = verify(token, this.config.JWT_SECRET, { algorithms: ['HS256'], audience: this.config.JWT_AUDIENCE });
      const sub = typeof claims === 'object' ? claims.sub : undefined;
      if (!sub) throw new UnauthorizedException({ detail: 'Token has no subject' });
      request.user = { id: sub };
      return true;
    } catch (error) {
      if (error instanceof UnauthorizedException) throw error;
      if (error instanceof TokenExpiredError) throw new UnauthorizedException({ detail: 'Token expired' });
      if (error instanceof JsonWebTokenError) throw new UnauthorizedException({ detail: 'Invalid token' });
      throw error;
    }
  }
}
