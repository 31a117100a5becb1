import { ApiProperty } from '@nestjs/swagger';

import { SitemapAnalysisStatus, SitemapCurationStatus } from '@curation/sdk';

import { listPageSchema } from '../curation/list-page.schema';

/** One row of GET /api/v3/domains, as the list's columns return it. */
export class DomainItemSchema {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  domain!: string;

  @ApiProperty({ enum: Object.values(SitemapCurationStatus), enumName: 'SitemapCurationStatus', nullable: true })
  sitemap_curation_status!: SitemapCurationStatus | null;

  @ApiProperty({
    enum: Object.values(SitemapAnalysisStatus),
    enumName: 'SitemapAnalysisStatus',
    nullable: true,
    description: 'WF4 processing status: set to Queued when the domain is Selected',
  })
  sitemap_analysis_status!: SitemapAnalysisStatus | null;

  @ApiProperty({ type: String, nullable: true, description: 'Why WF4 failed or will retry' })
  sitemap_analysis_error!: string | null;

  @ApiProperty({ description: "The domain's own lifecycle field (the reference's `status`)" })
  status!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The business that produced it' })
  local_business_id!: string | null;

  @ApiProperty({ format: 'date-time' })
  created_at!: string;

  @ApiProperty({ format: 'date-time' })
  updated_at!: string;
}

export const DomainListPage = listPageSchema(DomainItemSchema, 'DomainListPage');

/** POST /api/v3/domains/direct-submit: what was created, in the order typed. */
export class DomainsSubmittedSchema {
  @ApiProperty()
  submitted_count!: number;

  @ApiProperty({ type: [String], format: 'uuid' })
  domain_ids!: string[];

  @ApiProperty({ description: 'Whether they were created Selected (queued for sitemap discovery)' })
  auto_queued!: boolean;

  @ApiProperty({ type: [String], description: 'Each domain as stored, e.g. https://www.Example.com/x → example.com' })
  normalized_domains!: string[];
}
