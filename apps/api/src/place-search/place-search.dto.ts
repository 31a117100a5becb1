import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsNumber, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

import { PlaceSearchStatus, PlaceSearchStatusEnum, PlaceStatus, PlaceStatusEnum } from '@curation/sdk';

import { IdList, IntParam, SortKey, TextFilter, UuidParam } from '../common/dto-decorators';
import { IsEnumLabel } from '../common/enum-label.validator';

/** The range of the reference's "Max Results" field (`<input min="1" max="100">` in scraper-sky-mvp.html). */
export const MAX_RESULTS_RANGE = { min: 1, max: 100 } as const;

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

  /**
   * At most this many places are staged by the search. The reference form sends `parseInt(field)`, which is
   * `null` once JSON-encoded when the field is empty: null means no cap, like an absent field.
   */
  @ApiPropertyOptional({ type: 'integer', minimum: MAX_RESULTS_RANGE.min, maximum: MAX_RESULTS_RANGE.max })
  @IsOptional()
  @IsInt({ message: 'max_results must be an integer' })
  @Min(MAX_RESULTS_RANGE.min)
  @Max(MAX_RESULTS_RANGE.max)
  max_results?: number | null;

  /** Accepted for compatibility with the reference; every search belongs to the default tenant. */
  @IsOptional()
  @UuidParam('tenant_id')
  tenant_id?: string;
}

/** The Results Viewer's "Sort By" options, mapped to places_staging columns. */
export const RESULT_SORT_COLUMNS = {
  search_time: 'search_time',
  name: 'name',
  rating: 'rating',
  business_type: 'business_type',
  location: 'search_location',
  status: 'status',
} as const;
export type ResultSortKey = keyof typeof RESULT_SORT_COLUMNS;
export const RESULT_SORT_KEYS = Object.keys(RESULT_SORT_COLUMNS) as ResultSortKey[];

const lowerCase = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.toLowerCase() : value);

/** GET /api/v3/localminer-discoveryscan/results/{job_id} */
export class SearchResultsQuery {
  @IntParam(1, 1000)
  limit = 100;

  @IntParam(0)
  offset = 0;

  @IsOptional()
  @IsEnumLabel(PlaceStatusEnum, false)
  filter_status?: PlaceStatus;

  @IsOptional()
  @TextFilter()
  filter_business_type?: string;

  /** Matched against the location the place was searched in. */
  @IsOptional()
  @TextFilter()
  filter_location?: string;

  @SortKey(RESULT_SORT_KEYS)
  sort_by: ResultSortKey = 'search_time';

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'desc' })
  @Transform(lowerCase)
  @IsIn(['asc', 'desc'], { message: 'sort_dir must be asc or desc' })
  sort_dir: 'asc' | 'desc' = 'desc';
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

/**
 * POST …/places/staging/status and …/places/staging/batch: the Results Viewer's body. The reference declared
 * other parameters here and so refused what its own frontend sent; this takes what the frontend sends.
 */
export class LegacyPlacesStatusBody {
  @IdList('place_ids', 'string')
  place_ids: string[];

  @IsEnumLabel(PlaceStatusEnum)
  status: PlaceStatus;

  /** Accepted and ignored: every place belongs to the default tenant (the script may send 'default-tenant'). */
  @ApiPropertyOptional({ description: 'accepted for compatibility with the reference and ignored' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  tenant_id?: string;
}
