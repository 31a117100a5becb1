import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';

/**
 * POST /api/v3/sitemap/scan: the reference's SitemapScrapingRequest, plus `follow_robots_txt`, which the Sitemap
 * Analyzer page (contentmap.html, startSingleAnalysis) sends with every scan.
 */
export class StartSitemapScanBody {
  @ApiProperty({ example: 'example.com', description: 'a domain or any URL of the site' })
  @IsString({ message: 'base_url must be a string' })
  @MaxLength(2048)
  base_url: string;

  /**
   * Accepted for the reference's clients. WF4 records sitemap files and their URL counts, not the URLs, and its
   * fetch budget is the worker's SITEMAP_MAX_* settings, so this per-request cap has nothing to bound.
   */
  @ApiPropertyOptional({ type: 'integer', default: 1000, minimum: 1, maximum: 1_000_000 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  max_pages = 1000;

  /** The tenant a new domain is created under; an existing domain keeps its own. */
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'tenant_id must be a UUID' })
  tenant_id?: string;

  /**
   * Accepted for the reference's page. WF4 always reads robots.txt first: it is where sites list their sitemaps,
   * and its rules are honoured for every fetch.
   */
  @ApiPropertyOptional({ type: Boolean, default: true })
  @IsOptional()
  @IsBoolean()
  follow_robots_txt = true;
}

export interface SitemapScanStarted {
  readonly job_id: string;
  readonly status_url: string;
  readonly created_at: string;
}
