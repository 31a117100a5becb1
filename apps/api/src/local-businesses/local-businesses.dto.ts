import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional } from 'class-validator';

import { PlaceStatus, PlaceStatusEnum } from '@curation/sdk';

import { IdList, IntParam, SortKey, TextFilter } from '../common/dto-decorators';
import { IsEnumLabel } from '../common/enum-label.validator';
import { CursorParam } from '../curation/cursor-param';

/** The reference sorted on any model attribute; here: every column the list returns, except the ids. */
export const LOCAL_BUSINESS_SORT_KEYS = [
  'updated_at',
  'created_at',
  'business_name',
  'status',
  'domain_extraction_status',
  'full_address',
  'phone',
  'website_url',
] as const;

/** GET /api/v3/local-businesses (reference defaults: page 1, size 50, at most 200, newest first). */
export class ListLocalBusinessesQuery {
  @IsOptional()
  @IsEnumLabel(PlaceStatusEnum, false)
  status?: PlaceStatus;

  @IsOptional()
  @TextFilter()
  business_name?: string;

  @IntParam(1)
  page = 1;

  @IntParam(1, 200)
  size = 50;

  @SortKey(LOCAL_BUSINESS_SORT_KEYS)
  sort_by: (typeof LOCAL_BUSINESS_SORT_KEYS)[number] = 'updated_at';

  /** Case-insensitive, as the reference compared `sort_dir.lower()`. */
  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'desc' })
  @Transform(({ value }) => (typeof value === 'string' ? value.toLowerCase() : value))
  @IsIn(['asc', 'desc'], { message: 'sort_dir must be asc or desc' })
  sort_dir: 'asc' | 'desc' = 'desc';

  @CursorParam()
  cursor?: string;
}

/** PUT /api/v3/local-businesses/status */
export class UpdateLocalBusinessStatusBody {
  @IdList('local_business_ids', 'uuid')
  local_business_ids: string[];

  @IsEnumLabel(PlaceStatusEnum)
  status: PlaceStatus;
}

/** PUT /api/v3/local-businesses/status/filtered: "select all" rows matching the filters. */
export class UpdateFilteredLocalBusinessStatusBody {
  @IsEnumLabel(PlaceStatusEnum)
  status: PlaceStatus;

  @IsOptional()
  @IsEnumLabel(PlaceStatusEnum, false)
  status_filter?: PlaceStatus;

  @IsOptional()
  @TextFilter()
  business_name?: string;
}
