import { PlaceStatus, PlaceStatusEnum } from '@curation/sdk';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { IsEnumLabel } from '../common/enum-label.validator';

const toInt = ({ value }: { value: unknown }): unknown => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value);

export const LOCAL_BUSINESS_SORT_KEYS = ['updated_at', 'created_at', 'business_name', 'status', 'domain_extraction_status'] as const;

/** GET /api/v3/local-businesses (reference defaults: page 1, size 50, at most 200, newest first). */
export class ListLocalBusinessesQuery {
  @IsOptional()
  @IsEnumLabel(PlaceStatusEnum)
  status?: PlaceStatus;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  business_name?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  page = 1;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  size = 50;

  @IsIn(LOCAL_BUSINESS_SORT_KEYS, { message: `sort_by must be one of: ${LOCAL_BUSINESS_SORT_KEYS.join(', ')}` })
  sort_by: (typeof LOCAL_BUSINESS_SORT_KEYS)[number] = 'updated_at';

  @IsIn(['asc', 'desc'], { message: 'sort_dir must be asc or desc' })
  sort_dir: 'asc' | 'desc' = 'desc';
}

/** PUT /api/v3/local-businesses/status */
export class UpdateLocalBusinessStatusBody {
  @IsArray()
  @ArrayMinSize(1, { message: 'local_business_ids must contain at least 1 id' })
  @ArrayMaxSize(10_000, { message: 'local_business_ids may contain at most 10000 ids per request' })
  @IsUUID('all', { each: true, message: 'each local_business_ids entry must be a UUID' })
  local_business_ids: string[];

  @IsEnumLabel(PlaceStatusEnum)
  status: PlaceStatus;
}

/** PUT /api/v3/local-businesses/status/filtered: "select all" rows matching the filters. */
export class UpdateFilteredLocalBusinessStatusBody {
  @IsEnumLabel(PlaceStatusEnum)
  status: PlaceStatus;

  @IsOptional()
  @IsEnumLabel(PlaceStatusEnum)
  status_filter?: PlaceStatus;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  business_name?: string;
}

export interface StatusUpdateResponse {
  readonly message: string;
  readonly updated_count: number;
  readonly queued_count: number;
}
