import { ApiProperty } from '@nestjs/swagger';

import { GcpApiDeepScanStatus, PlaceStatus } from '@curation/sdk';

import { listPageSchema } from '../curation/list-page.schema';

/** One row of GET /api/v3/places/staging, under the reference's item names. */
export class PlaceItemSchema {
  @ApiProperty({ description: "Google's place id: the key every status change addresses" })
  place_id!: string;

  @ApiProperty({ type: String, nullable: true })
  business_name!: string | null;

  @ApiProperty({ type: String, nullable: true })
  address!: string | null;

  @ApiProperty({ type: String, nullable: true })
  category!: string | null;

  @ApiProperty({ type: String, nullable: true })
  search_location!: string | null;

  @ApiProperty({ type: Number, nullable: true })
  latitude!: number | null;

  @ApiProperty({ type: Number, nullable: true })
  longitude!: number | null;

  @ApiProperty({ type: Number, nullable: true })
  rating!: number | null;

  @ApiProperty({ type: Number, nullable: true })
  reviews_count!: number | null;

  @ApiProperty({ type: Number, nullable: true })
  price_level!: number | null;

  @ApiProperty({ enum: Object.values(PlaceStatus), enumName: 'PlaceStatus' })
  status!: PlaceStatus;

  @ApiProperty({
    enum: Object.values(GcpApiDeepScanStatus),
    enumName: 'GcpApiDeepScanStatus',
    nullable: true,
    description: 'WF2 processing status: set to Queued when the place is Selected',
  })
  deep_scan_status!: GcpApiDeepScanStatus | null;

  @ApiProperty({ type: String, nullable: true, description: 'Why WF2 failed or will retry' })
  deep_scan_error!: string | null;

  @ApiProperty({ format: 'date-time' })
  updated_at!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  last_deep_scanned_at!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  search_job_id!: string | null;

  @ApiProperty({ format: 'uuid' })
  tenant_id!: string;
}

export const PlaceListPage = listPageSchema(PlaceItemSchema, 'PlaceListPage');
