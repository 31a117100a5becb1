import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

import { PlaceStatus, PlaceStatusEnum } from '@curation/sdk';

import { BoolParam, IdList, IntParam, UuidParam } from '../common/dto-decorators';
import { IsEnumLabel } from '../common/enum-label.validator';
import { CursorParam } from '../curation/cursor-param';

/** GET /api/v3/places/staging (reference: page 1, size 50, at most 200, newest first). */
export class ListPlacesStagingQuery {
  @IsOptional()
  @IsEnumLabel(PlaceStatusEnum, false)
  status?: PlaceStatus;

  @IsOptional()
  @UuidParam('discovery_job_id')
  discovery_job_id?: string;

  @IntParam(1)
  page = 1;

  @IntParam(1, 200)
  size = 50;

  @CursorParam()
  cursor?: string;
}

/** Places are addressed by Google's place_id, as in the reference. */
export class UpdatePlacesStatusBody {
  @IdList('place_ids', 'string')
  place_ids: string[];

  @IsEnumLabel(PlaceStatusEnum)
  status: PlaceStatus;

  /** Accepted for compatibility and ignored: error texts come from the deep-scan worker only. */
  @ApiPropertyOptional({ description: 'accepted for compatibility with the reference and ignored' })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  error_message?: string;
}

/** PUT /api/v3/places/staging/status query: the reference's flag, which its handler overrode by the status. */
export class UpdatePlacesStatusQuery {
  @IsOptional()
  @BoolParam()
  trigger_deep_scan?: boolean;
}

export class UpdateFilteredPlacesStatusBody {
  @IsEnumLabel(PlaceStatusEnum)
  status: PlaceStatus;

  @IsOptional()
  @IsEnumLabel(PlaceStatusEnum, false)
  status_filter?: PlaceStatus;

  @IsOptional()
  @UuidParam('discovery_job_id')
  discovery_job_id?: string;
}

export class QueueDeepScanBody {
  @IdList('place_ids', 'string')
  place_ids: string[];
}
