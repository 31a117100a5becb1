import { createHash, timingSafeEqual } from 'node:crypto';

import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Request, Response } from 'express';

import { ApiConfig } from '../config/api.config';
import { AuthFailureBudget } from '../rate-limit/auth-failure-budget';

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/**
 * n8n calls back with `Authorization: Bearer <N8N_WEBHOOK_SECRET>`, not a user token. The digests are compared
 * in constant time (equal-length buffers whatever was sent), so timing leaks neither the secret nor its length;
 * every miss counts as a failed authentication. The reference's messages, which name no part of the secret.
 */
@Injectable()
export class N8nWebhookSecretGuard implements CanActivate {
  private readonly expected: Buffer;

  constructor(
    config: ApiConfig,
    private readonly failures: AuthFailureBudget,
  ) {
    // The controller is registered only when the secret is set; an empty one could never be presented anyway.
    this.expected = digest(config.N8N_WEBHOOK_SECRET ?? '');
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request>();
    const header = request.headers.authorization;
    let detail: string;
    if (!header) detail = 'Missing Authorization header';
    else if (!header.startsWith('Bearer ')) detail = "Authorization header must be 'Bearer {token}'";
    else {
      const presented = header.slice('Bearer '.length);
      if (presented.length > 0 && timingSafeEqual(digest(presented), this.expected)) return true;
      detail = 'Invalid webhook token';
    }
    throw await this.failures.reject(request, context.switchToHttp().getResponse<Response>(), detail);
  }
}
