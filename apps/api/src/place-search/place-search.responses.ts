import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import { PlaceSearchStatus } from '@curation/sdk';

const searchStatus = { enum: Object.values(PlaceSearchStatus), enumName: 'PlaceSearchStatus' } as const;

/** POST …/search/places: the search is stored, queued for WF1, and answered at once (202). */
export class SearchStartedSchema {
  @ApiProperty({ format: 'uuid' })
  job_id!: string;

  @ApiProperty({ description: 'Where to poll its progress' })
  status_url!: string;

  @ApiProperty(searchStatus)
  status!: PlaceSearchStatus;
}

/** GET …/search/status/:job_id */
export class SearchStatusSchema {
  @ApiProperty({ format: 'uuid' })
  job_id!: string;

  @ApiProperty(searchStatus)
  status!: PlaceSearchStatus;

  @ApiProperty({ description: '0 pending, 0.5 running, 1 finished (complete or failed)' })
  progress!: number;

  @ApiProperty({ type: String, nullable: true })
  error!: string | null;

  @ApiProperty({ format: 'date-time' })
  created_at!: string;

  @ApiProperty({ format: 'date-time' })
  updated_at!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  completed_at!: string | null;

  @ApiProperty()
  search_query!: string;

  @ApiProperty()
  search_location!: string;

  @ApiProperty({ type: Number, nullable: true })
  max_results!: number | null;

  @ApiPropertyOptional({ description: 'Places found, once WF1 has run' })
  total_places?: number;

  @ApiPropertyOptional({ description: 'Places staged, once WF1 has run' })
  stored_places?: number;
}

/** One search of GET …/search/history, newest first. */
export class SearchHistoryItemSchema {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  business_type!: string;

  @ApiProperty()
  location!: string;

  @ApiProperty(searchStatus)
  status!: PlaceSearchStatus;

  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'radius_km, found, …' })
  params!: Record<string, unknown> | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  user_id!: string | null;

  @ApiProperty({ format: 'uuid' })
  tenant_id!: string;

  @ApiProperty({ type: String, nullable: true })
  error_message!: string | null;

  @ApiProperty({ format: 'date-time' })
  created_at!: string;

  @ApiProperty({ format: 'date-time' })
  updated_at!: string;
}
