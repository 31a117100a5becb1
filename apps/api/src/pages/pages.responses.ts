import { ApiProperty } from '@nestjs/swagger';

import { ContactScrapeStatus, PageCurationStatus, PageProcessingStatus, PageType } from '@curation/sdk';

/** One row of GET /api/v3/pages, under the names the reference's page items used. */
export class PageItemSchema {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  url!: string;

  @ApiProperty({ type: String, nullable: true })
  title!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  domain_id!: string | null;

  @ApiProperty({ enum: Object.values(PageCurationStatus), enumName: 'PageCurationStatus', nullable: true })
  curation_status!: PageCurationStatus | null;

  @ApiProperty({
    enum: Object.values(PageProcessingStatus),
    enumName: 'PageProcessingStatus',
    nullable: true,
    description: 'WF7 processing status: set to Queued when the page is Selected',
  })
  processing_status!: PageProcessingStatus | null;

  @ApiProperty({ enum: Object.values(PageType), enumName: 'PageType', nullable: true })
  page_type!: PageType | null;

  @ApiProperty({ enum: Object.values(ContactScrapeStatus), enumName: 'ContactScrapeStatus', nullable: true })
  contact_scrape_status!: ContactScrapeStatus | null;

  @ApiProperty({ type: String, nullable: true, description: 'Why WF7 failed or will retry' })
  error!: string | null;

  @ApiProperty({ format: 'date-time' })
  updated_at!: string;

  @ApiProperty({ format: 'date-time' })
  created_at!: string;
}

/** GET /api/v3/pages answers in the reference's shape: `pages`, `offset` and `limit`, not items and page numbers. */
export class PageListSchema {
  @ApiProperty({ type: [PageItemSchema] })
  pages!: PageItemSchema[];

  @ApiProperty()
  total!: number;

  @ApiProperty()
  offset!: number;

  @ApiProperty()
  limit!: number;

  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' }, description: 'The filters applied' })
  filters_applied!: Record<string, string>;

  @ApiProperty()
  total_is_estimate!: boolean;

  @ApiProperty({ type: String, nullable: true })
  next_cursor!: string | null;
}

/** POST /api/v3/pages/direct-submit. */
export class PagesSubmittedSchema {
  @ApiProperty()
  submitted_count!: number;

  @ApiProperty({ type: [String], format: 'uuid' })
  page_ids!: string[];

  @ApiProperty({ description: 'Whether they were created Selected (queued for contact extraction)' })
  auto_queued!: boolean;

  @ApiProperty({ type: [String], description: 'Each URL as stored' })
  normalized_urls!: string[];
}
