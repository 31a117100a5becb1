import {
  BadRequestException,
  Body,
  ConflictException,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Post,
  Req,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import {
  applyCurationStatus,
  DEFAULT_TENANT_ID,
  normalizeDomain,
  SitemapCurationStatus,
  WF4_SITEMAP_DISCOVERY,
} from '@curation/sdk';

import { AuthenticatedUser } from '../auth/jwt-auth.guard';
import { userUuid } from '../sitemap-files/request-user';
import { scanProgressOf } from './scan-status';
import { SCAN_STATUS_SQL, ScanRow, SitemapScanStatus } from './scan-status-query';
import { SitemapScanStarted, StartSitemapScanBody } from './sitemap-scan.dto';

const BASE = 'api/v3/sitemap';

const unknownJob = () => new NotFoundException({ detail: 'Unknown job id' });

/**
 * The Sitemap Analyzer's one-off scan, as WF4 work instead of a task in the web process. The job id is the
 * domain's id: the domain row already holds everything a scan has (WF4's queue state, attempts, error, the
 * `sitemap_files` it found), so status is read from the database by any replica and survives restarts, and
 * scanning a domain that is already queued or running joins that scan instead of starting a second one.
 */
@Controller(BASE)
export class SitemapScanController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The domain (created when new) is selected for WF4 through the SDK's rule: queued and notified at commit. */
  @Post('scan')
  @HttpCode(HttpStatus.ACCEPTED)
  async scan(
    @Body() body: StartSitemapScanBody,
    @Req() request: { user?: AuthenticatedUser },
  ): Promise<SitemapScanStarted> {
    const normalized = normalizeDomain(body.base_url, 'base_url');
    if (!normalized.ok) throw new BadRequestException({ detail: normalized.message });
    const id = await this.dataSource.transaction(async (manager) => {
      const [row]: { created: string | null; existing: string | null; tenant: boolean }[] = await manager.query(
        `WITH tenant AS (SELECT id FROM tenants WHERE id = $2),
         inserted AS (
           INSERT INTO domains (domain, tenant_id, created_by) SELECT $1, id, $3 FROM tenant
           ON CONFLICT (domain) DO NOTHING RETURNING id
         )
         SELECT (SELECT id FROM inserted) AS created, (SELECT id FROM domains WHERE domain = $1) AS existing,
                EXISTS (SELECT 1 FROM tenant) AS tenant`,
        [normalized.domain, body.tenant_id ?? DEFAULT_TENANT_ID, userUuid(request)],
      );
      const domainId = row.created ?? row.existing;
      if (domainId === null) {
        if (!row.tenant) throw new BadRequestException({ detail: 'tenant_id: no tenant has this id' });
        throw new ConflictException({ detail: `${normalized.domain} was being created concurrently; retry` });
      }
      await applyCurationStatus(manager, WF4_SITEMAP_DISCOVERY, [domainId], SitemapCurationStatus.Selected);
      return domainId;
    });
    return { job_id: id, status_url: `/${BASE}/status/${id}`, created_at: new Date().toISOString() };
  }

  /** One statement: the domain's WF4 state and the sitemap files found for it. */
  @Get('status/:job_id')
  async status(
    @Param('job_id', new ParseUUIDPipe({ exceptionFactory: unknownJob })) jobId: string,
  ): Promise<SitemapScanStatus> {
    const [row]: ScanRow[] = await this.dataSource.query(SCAN_STATUS_SQL, [jobId]);
    if (!row) throw unknownJob();
    const progress = scanProgressOf(row.analysis_status, row.analysis_error);
    const totalUrls = Number(row.total_urls);
    return {
      job_id: row.id,
      ...progress,
      status_url: `/${BASE}/status/${row.id}`,
      domain_id: row.id,
      domain: row.domain,
      created_by: row.created_by,
      created_at: row.created_at,
      updated_at: row.updated_at,
      last_scan: row.last_scan,
      analysis_status: row.analysis_status,
      curation_status: row.curation_status,
      attempts: row.attempts,
      sitemaps: row.sitemaps,
      total_sitemaps: row.total_sitemaps,
      sitemap_count: row.total_sitemaps,
      total_urls: totalUrls,
      url_count: totalUrls,
    };
  }
}
