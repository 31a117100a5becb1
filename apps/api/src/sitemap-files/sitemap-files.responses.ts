import { ApiProperty } from '@nestjs/swagger';

import { SitemapCurationStatus, SitemapImportProcessStatus } from '@curation/sdk';

import { listPageSchema } from '../curation/list-page.schema';
import { SitemapFileView } from './sitemap-file-view';
import type { DirectSubmitSitemapsResponse } from './sitemaps-direct-submit.dto';

/** A sitemap file as the API shows it (SitemapFileView), with the reference's field names. */
export class SitemapFileSchema implements SitemapFileView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  domain_id!: string;

  @ApiProperty()
  domain_name!: string;

  @ApiProperty()
  sitemap_url!: string;

  @ApiProperty()
  sitemap_type!: string;

  @ApiProperty({ type: String, nullable: true })
  discovery_method!: string | null;

  @ApiProperty({ type: Number, nullable: true })
  url_count!: number | null;

  @ApiProperty({ type: Number, nullable: true })
  size_bytes!: number | null;

  @ApiProperty({ type: Boolean, nullable: true })
  is_gzipped!: boolean | null;

  @ApiProperty({ type: Boolean, nullable: true })
  has_lastmod!: boolean | null;

  @ApiProperty({ type: Boolean, nullable: true })
  has_priority!: boolean | null;

  @ApiProperty({ type: Boolean, nullable: true })
  has_changefreq!: boolean | null;

  @ApiProperty({ type: String, nullable: true })
  error_message!: string | null;

  @ApiProperty({ enum: Object.values(SitemapCurationStatus), enumName: 'SitemapCurationStatus', nullable: true })
  deep_scrape_curation_status!: SitemapCurationStatus | null;

  @ApiProperty({
    enum: Object.values(SitemapImportProcessStatus),
    enumName: 'SitemapImportProcessStatus',
    nullable: true,
    description: 'WF5 processing status (sitemap_import_status): set to Queued when the file is Selected',
  })
  deep_scrape_process_status!: SitemapImportProcessStatus | null;

  @ApiProperty({ type: String, nullable: true, description: 'Why WF5 failed or will retry' })
  sitemap_import_error!: string | null;

  @ApiProperty()
  status!: string;

  @ApiProperty({ type: String, nullable: true })
  created_by!: string | null;

  @ApiProperty({ type: String, nullable: true })
  updated_by!: string | null;

  @ApiProperty({ format: 'date-time' })
  created_at!: string;

  @ApiProperty({ format: 'date-time' })
  updated_at!: string;
}

export const SitemapFileListPage = listPageSchema(SitemapFileSchema, 'SitemapFileListPage');

/** POST /api/v3/sitemaps/direct-submit (DirectSubmitSitemapsResponse). */
export class SitemapsSubmittedSchema implements DirectSubmitSitemapsResponse {
  @ApiProperty()
  submitted_count!: number;

  @ApiProperty({ type: [String], format: 'uuid' })
  sitemap_ids!: string[];

  @ApiProperty({ description: 'Whether they were created Selected (queued for import)' })
  auto_queued!: boolean;
}
