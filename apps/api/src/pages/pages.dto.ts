import { IsOptional } from 'class-validator';

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
