import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

import {
  ContactScrapeStatus,
  ContactScrapeStatusEnum,
  PageCurationStatus,
  PageCurationStatusEnum,
  PageProcessingStatus,
  PageProcessingStatusEnum,
  PageType,
  PageTypeEnum,
} from '@curation/sdk';

import { IdList, IntParam, TextFilter } from '../common/dto-decorators';
import { IsEnumLabel } from '../common/enum-label.validator';
import { MAX_WEB_URL_LENGTH } from '../common/web-url';
import { CursorParam } from '../curation/cursor-param';

/** The filters shared by the pages list and the pages select-all update. */
class PageFilters {
  @IsOptional()
  @IsEnumLabel(PageCurationStatusEnum, false)
  page_curation_status?: PageCurationStatus;

  @IsOptional()
  @IsEnumLabel(PageProcessingStatusEnum, false)
  page_processing_status?: PageProcessingStatus;

  @IsOptional()
  @IsEnumLabel(PageTypeEnum, false)
  page_type?: PageType;

  @IsOptional()
  @TextFilter()
  url_contains?: string;
}

/** GET /api/v3/pages (reference: limit 100, offset 0; it had no maximum, this one caps at 1000). */
export class ListPagesQuery extends PageFilters {
  @IntParam(1, 1000)
  limit = 100;

  @IntParam(0)
  offset = 0;

  @CursorParam()
  cursor?: string;
}

export class UpdatePageStatusBody {
  @IdList('page_ids', 'uuid')
  page_ids: string[];

  @IsEnumLabel(PageCurationStatusEnum)
  status: PageCurationStatus;
}

export class UpdateFilteredPageStatusBody extends PageFilters {
  @IsEnumLabel(PageCurationStatusEnum)
  status: PageCurationStatus;

  /** The reference accepted and ignored it; here it filters. */
  @IsOptional()
  @IsEnumLabel(ContactScrapeStatusEnum, false)
  contact_scrape_status?: ContactScrapeStatus;
}

/** POST /api/v3/pages/direct-submit (the reference's DirectPageSubmissionRequest). */
export class DirectSubmitPagesBody {
  @ApiProperty({ type: [String], minItems: 1, maxItems: 100, example: ['https://example.com/contact'] })
  @IsArray({ message: 'urls must be a list' })
  @ArrayMinSize(1, { message: 'urls must contain at least 1 URL' })
  @ArrayMaxSize(100, { message: 'urls may contain at most 100 entries' })
  @IsString({ each: true, message: 'each urls entry must be a string' })
  @MaxLength(MAX_WEB_URL_LENGTH, {
    each: true,
    message: `each urls entry must be at most ${MAX_WEB_URL_LENGTH} characters`,
  })
  urls: string[];

  @ApiPropertyOptional({
    type: Boolean,
    default: false,
    description: 'select the new pages for contact scraping (WF7) at once',
  })
  @IsOptional()
  @IsBoolean()
  auto_queue = false;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 10, default: 5, description: '1 = highest' })
  @IsOptional()
  @IsInt({ message: 'priority_level must be an integer' })
  @Min(1)
  @Max(10)
  priority_level = 5;
}
