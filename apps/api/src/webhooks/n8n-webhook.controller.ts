import { Controller, Get, HttpCode, HttpStatus, Logger, NotFoundException, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { Public } from '../auth/public.decorator';
import { EnrichmentCompleteResponse } from './enrichment-complete.dto';
import { recordEnrichment } from './enrichment-store';
import { JsonBody } from './json-body.decorator';
import { N8nWebhookSecretGuard } from './n8n-webhook-secret.guard';
import { parseEnrichmentBody } from './parse-enrichment-body';

export const ENRICHMENT_WEBHOOK_PATH = '/api/v3/webhooks/n8n/enrichment-complete';

/**
 * n8n's callback with a contact's enrichment, registered only when N8N_WEBHOOK_SECRET is set (without it the
 * routes do not exist: a callback anyone could post to is not an option). It takes that secret, not a user JWT.
 */
@Public()
@UseGuards(N8nWebhookSecretGuard)
@ApiTags('n8n Webhooks')
@ApiBearerAuth()
@Controller('api/v3/webhooks/n8n')
export class N8nWebhookController {
  private readonly logger = new Logger('N8nWebhook');

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** 401 wrong secret, 422 bad body, 404 unknown contact, each with nothing written; a replayed run is a 200. */
  @Post('enrichment-complete')
  @HttpCode(HttpStatus.OK)
  async enrichmentComplete(@JsonBody() raw: unknown): Promise<EnrichmentCompleteResponse> {
    const body = await parseEnrichmentBody(raw);
    const result = await recordEnrichment(this.dataSource, body);
    const run = `contact ${body.contact_id}, enrichment ${body.enrichment_id} (${body.status})`;
    if (result.outcome === 'not_found') {
      this.logger.warn(`${run}: no such contact`);
      throw new NotFoundException({ detail: `Contact not found: ${body.contact_id}` });
    }
    const reply = { success: true, contact_id: body.contact_id, enrichment_id: body.enrichment_id } as const;
    if (result.outcome === 'replayed') {
      this.logger.log(`${run}: already recorded, nothing written`);
      return { ...reply, message: 'Enrichment already processed (idempotent)', updated_fields: [] };
    }
    this.logger.log(`${run}: recorded ${result.updated_fields.length} enriched fields`);
    return { ...reply, message: 'Enrichment data saved successfully', updated_fields: result.updated_fields };
  }

  /** As the reference: behind the same secret, so a 200 proves n8n's credential is the right one. */
  @Get('health')
  health(): { status: string; webhook_url: string; authentication: string; message: string } {
    return {
      status: 'healthy',
      webhook_url: ENRICHMENT_WEBHOOK_PATH,
      authentication: 'configured',
      message: 'n8n webhook endpoint is ready to receive enrichment data',
    };
  }
}
