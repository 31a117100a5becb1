import { createHash, timingSafeEqual } from 'node:crypto';

import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Request, Response } from 'express';

import { ApiConfig } from '../config/api.config';
import { AuthFailureBudget } from '../rate-limit/auth-failure-budget';

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/**
 * /metrics wants `Authorization: Bearer <METRICS_TOKEN>`. Comparing digests in constant time leaks
 * neither the token's content nor its length; a miss counts as a failed authentication.
 */
@Injectable()
export class MetricsTokenGuard implements CanActivate {
  private readonly expected: Buffer;

  constructor(
    config: ApiConfig,
    private readonly failures: AuthFailureBudget,
  ) {
    // The controller is only registered when METRICS_TOKEN is set; an empty digest would never match anyway.
    this.expected = digest(config.METRICS_TOKEN ?? '');
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request>();
    const header = request.headers.authorization ?? '';
    const presented = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
    if (presented.length > 0 && timingSafeEqual(digest(presented), this.expected)) return true;
    throw await this.failures.reject(
      request,
      context.switchToHttp().getResponse<Response>(),
      'Missing or invalid metrics token',
    );
  }
}
