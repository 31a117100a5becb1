import { HttpException, HttpStatus, Injectable, UnauthorizedException } from '@nestjs/common';
import { InjectThrottlerStorage, ThrottlerStorage } from '@nestjs/throttler';
import { Request, Response } from 'express';

import { ApiConfig } from '../config/api.config';
import { clientIp } from './client-key';

const WINDOW_MS = 60_000;

/**
 * A small budget of failed authentications per client IP (RATE_LIMIT_AUTH_FAILURES_PER_MINUTE), apart
 * from the per-client request budget: guessing tokens or metrics secrets gets a 429 quickly, while the
 * same IP's valid tokens keep working.
 */
@Injectable()
export class AuthFailureBudget {
  constructor(
    @InjectThrottlerStorage() private readonly storage: ThrottlerStorage,
    private readonly config: ApiConfig,
  ) {}

  /** Counts one failure and returns the error to throw: the 401, or a 429 once the IP is over its budget. */
  async reject(req: Request, res: Response, detail: string): Promise<HttpException> {
    const limit = this.config.RATE_LIMIT_AUTH_FAILURES_PER_MINUTE;
    if (limit === 0) return new UnauthorizedException({ detail });
    const record = await this.storage.increment(
      `auth-failures:ip:${clientIp(req)}`,
      WINDOW_MS,
      limit,
      WINDOW_MS,
      'auth-failures',
    );
    if (!record.isBlocked) return new UnauthorizedException({ detail });
    res.setHeader('Retry-After', String(record.timeToBlockExpire));
    return new HttpException(
      { detail: 'Too many failed authentications: retry in a minute' },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}
