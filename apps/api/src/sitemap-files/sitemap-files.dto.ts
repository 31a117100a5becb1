import { IsOptional } from 'class-validator';

import { SitemapCurationStatus, SitemapCurationStatusEnum } from '@curation/sdk';

import { IdList, IntParam, TextFilter, UuidParam } from '../common/dto-decorators';
import { IsEnumLabel } from '../common/enum-label.validator';

/** GET /api/v3/sitemap-files (reference: page 1, size 15, at most 200, newest first). */
export class ListSitemapFilesQuery {
  @IsOptional()
  @UuidParam('domain_id')
  domain_id?: string;

  @IsOptional()
  @IsEnumLabel(SitemapCurationStatusEnum, false)
  deep_scrape_curation_status?: SitemapCurationStatus;

  @IsOptional()
  @TextFilter()
  url_contains?: string;

  @IsOptional()
  @TextFilter()
  sitemap_type?: string;

  @IsOptional()
  @TextFilter()
  discovery_method?: string;

  @IntParam(1)
  page = 1;

  @IntParam(1, 200)
  size = 15;
}

export class UpdateSitemapImportCurationBody {
  @IdList('sitemap_file_ids', 'uuid')
  sitemap_file_ids: string[];

  @IsEnumLabel(SitemapCurationStatusEnum)
  deep_scrape_curation_status: SitemapCurationStatus;
}

export class UpdateFilteredSitemapImportCurationBody {
  @IsEnumLabel(SitemapCurationStatusEnum)
  deep_scrape_curation_status: SitemapCurationStatus;

  @IsOptional()
  @IsEnumLabel(SitemapCurationStatusEnum, false)
  deep_scrape_curation_status_filter?: SitemapCurationStatus;

  @IsOptional()
  @UuidParam('domain_id')
  domain_id?: string;

  @IsOptional()
  @TextFilter()
  url_contains?: string;
}
