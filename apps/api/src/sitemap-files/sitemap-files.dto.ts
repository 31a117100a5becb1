import { IsOptional } from 'class-validator';

import { SitemapCurationStatus, SitemapCurationStatusEnum } from '@curation/sdk';

import { BoolParam, IdList, IntParam, SortKey, TextFilter, UuidParam } from '../common/dto-decorators';
import { IsEnumLabel } from '../common/enum-label.validator';
import { CursorParam } from '../curation/cursor-param';

/**
 * Sort keys of the sitemap-file list: its columns, under their stored names or the names the list answers
 * with (`sitemap_url`, `deep_scrape_process_status`). The Sitemap Curation tab always sends `updated_at`.
 */
export const SITEMAP_FILE_SORT_COLUMNS = {
  updated_at: 'updated_at',
  created_at: 'created_at',
  url: 'url',
  sitemap_url: 'url',
  sitemap_type: 'sitemap_type',
  discovery_method: 'discovery_method',
  url_count: 'url_count',
  status: 'status',
  deep_scrape_curation_status: 'deep_scrape_curation_status',
  deep_scrape_process_status: 'sitemap_import_status',
  sitemap_import_status: 'sitemap_import_status',
} as const;

export type SitemapFileSortKey = keyof typeof SITEMAP_FILE_SORT_COLUMNS;

/**
 * The filters the sitemap-files list and its select-all update share, so "select all matching" changes exactly
 * what the list shows (the curation filter differs in name only: the reference's `…_filter` in the update).
 */
class SitemapFileFilters {
  @IsOptional()
  @UuidParam('domain_id')
  domain_id?: string;

  @IsOptional()
  @TextFilter()
  url_contains?: string;

  /** Exact and case-sensitive, as in the reference. */
  @IsOptional()
  @TextFilter()
  sitemap_type?: string;

  @IsOptional()
  @TextFilter()
  discovery_method?: string;
}

/** GET /api/v3/sitemap-files (reference: page 1, size 15, at most 200, newest update first). */
export class ListSitemapFilesQuery extends SitemapFileFilters {
  @IsOptional()
  @IsEnumLabel(SitemapCurationStatusEnum, false)
  deep_scrape_curation_status?: SitemapCurationStatus;

  @IntParam(1)
  page = 1;

  @IntParam(1, 200)
  size = 15;

  @SortKey(Object.keys(SITEMAP_FILE_SORT_COLUMNS))
  sort_by: SitemapFileSortKey = 'updated_at';

  @BoolParam()
  sort_desc = true;

  @CursorParam()
  cursor?: string;
}

/**
 * PUT /api/v3/sitemap-files/sitemap_import_curation/status, and PUT /api/v3/sitemap-files/status, where the
 * reference's Sitemap Curation tab sends the same body.
 */
export class UpdateSitemapImportCurationBody {
  @IdList('sitemap_file_ids', 'uuid')
  sitemap_file_ids: string[];

  @IsEnumLabel(SitemapCurationStatusEnum)
  deep_scrape_curation_status: SitemapCurationStatus;
}

export class UpdateFilteredSitemapImportCurationBody extends SitemapFileFilters {
  @IsEnumLabel(SitemapCurationStatusEnum)
  deep_scrape_curation_status: SitemapCurationStatus;

  @IsOptional()
  @IsEnumLabel(SitemapCurationStatusEnum, false)
  deep_scrape_curation_status_filter?: SitemapCurationStatus;
}
