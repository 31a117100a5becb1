import { ApiProperty } from '@nestjs/swagger';

import { DomainExtractionStatus, PlaceStatus } from '@curation/sdk';

import { listPageSchema } from '../curation/list-page.schema';

/** One row of GET /api/v3/local-businesses, as the list's columns return it (labels, never member names). */
export class LocalBusinessItemSchema {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ type: String, nullable: true })
  business_name!: string | null;

  @ApiProperty({ type: String, nullable: true })
  full_address!: string | null;

  @ApiProperty({ type: String, nullable: true })
  phone!: string | null;

  @ApiProperty({ type: String, nullable: true })
  website_url!: string | null;

  @ApiProperty({ enum: Object.values(PlaceStatus), enumName: 'PlaceStatus', nullable: true })
  status!: PlaceStatus | null;

  @ApiProperty({
    enum: Object.values(DomainExtractionStatus),
    enumName: 'DomainExtractionStatus',
    nullable: true,
    description: 'WF3 processing status: set to Queued when the business is Selected',
  })
  domain_extraction_status!: DomainExtractionStatus | null;

  @ApiProperty({ type: String, nullable: true, description: 'Why WF3 failed or will retry' })
  domain_extraction_error!: string | null;

  @ApiProperty({ format: 'date-time' })
  created_at!: string;

  @ApiProperty({ format: 'date-time' })
  updated_at!: string;

  @ApiProperty({ format: 'uuid' })
  tenant_id!: string;
}

export const LocalBusinessListPage = listPageSchema(LocalBusinessItemSchema, 'LocalBusinessListPage');
