import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsNotEmpty, IsNumber, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

import { PlaceSearchStatus, PlaceSearchStatusEnum } from '@curation/sdk';

import { IntParam, UuidParam } from '../common/dto-decorators';
import { IsEnumLabel } from '../common/enum-label.validator';

/** POST /api/v3/localminer-discoveryscan/search/places */
export class StartPlaceSearchBody {
  @ApiProperty({ example: 'plumber', maxLength: 100 })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @IsNotEmpty({ message: 'business_type must not be empty' })
  @MaxLength(100)
  business_type: string;

  @ApiProperty({ example: 'Austin, TX', maxLength: 255 })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @IsNotEmpty({ message: 'location must not be empty' })
  @MaxLength(255)
  location: string;

  /** Google caps the search radius at 50 km. */
  @ApiPropertyOptional({ type: Number, default: 10, minimum: 0.1, maximum: 50 })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0.1)
  @Max(50)
  radius_km = 10;

  /** Accepted for compatibility with the reference; every search belongs to the default tenant. */
  @IsOptional()
  @UuidParam('tenant_id')
  tenant_id?: string;
}

/** GET /api/v3/localminer-discoveryscan/results/{job_id} */
export class SearchResultsQuery {
  @IntParam(1, 1000)
  limit = 100;

  @IntParam(0)
  offset = 0;
}

/** GET /api/v3/localminer-discoveryscan/search/history */
export class SearchHistoryQuery {
  @IntParam(1, 100)
  limit = 20;

  @IntParam(0)
  offset = 0;

  @IsOptional()
  @IsEnumLabel(PlaceSearchStatusEnum, false)
  status?: PlaceSearchStatus;

  @IsOptional()
  @UuidParam('tenant_id')
  tenant_id?: string;
}
