import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsOptional, IsString, MaxLength } from 'class-validator';

import { SitemapCurationStatus, SitemapCurationStatusEnum } from '@curation/sdk';

import { BoolParam, IdList, IntParam, SortKey, TextFilter } from '../common/dto-decorators';
import { IsEnumLabel } from '../common/enum-label.validator';
import { CursorParam } from '../curation/cursor-param';

export const DOMAIN_SORT_KEYS = [
  'domain',
  'created_at',
  'updated_at',
  'sitemap_curation_status',
  'sitemap_analysis_status',
  'status',
] as const;

/** GET /api/v3/domains (reference: page 1, size 20, at most 100, sort_desc true). */
export class ListDomainsQuery {
  @IntParam(1)
  page = 1;

  @IntParam(1, 100)
  size = 20;

  @SortKey(DOMAIN_SORT_KEYS)
  sort_by: (typeof DOMAIN_SORT_KEYS)[number] = 'updated_at';

  @BoolParam()
  sort_desc = true;

  @IsOptional()
  @IsEnumLabel(SitemapCurationStatusEnum, false)
  sitemap_curation_status?: SitemapCurationStatus;

  /** The reference backend read `domain_filter`; its frontend sends `domain`. Both work. */
  @IsOptional()
  @TextFilter()
  domain_filter?: string;

  @IsOptional()
  @TextFilter()
  domain?: string;

  @CursorParam()
  cursor?: string;
}

export class UpdateDomainCurationBody {
  @IdList('domain_ids', 'uuid')
  domain_ids: string[];

  @IsEnumLabel(SitemapCurationStatusEnum)
  sitemap_curation_status: SitemapCurationStatus;
}

export class UpdateFilteredDomainCurationBody {
  @IsEnumLabel(SitemapCurationStatusEnum)
  sitemap_curation_status: SitemapCurationStatus;

  @IsOptional()
  @IsEnumLabel(SitemapCurationStatusEnum, false)
  sitemap_curation_status_filter?: SitemapCurationStatus;

  @IsOptional()
  @TextFilter()
  domain_filter?: string;
}

/** POST /api/v3/domains/direct-submit */
export class DirectSubmitDomainsBody {
  @ApiProperty({ type: [String], minItems: 1, maxItems: 100, example: ['https://www.example.com/contact'] })
  @IsArray()
  @ArrayMinSize(1, { message: 'domains must contain at least 1 domain' })
  @ArrayMaxSize(100, { message: 'domains may contain at most 100 entries' })
  @IsString({ each: true, message: 'each domains entry must be a string' })
  @MaxLength(2048, { each: true })
  domains: string[];

  @ApiPropertyOptional({
    type: Boolean,
    default: false,
    description: 'select the new domains for sitemap discovery at once',
  })
  @IsOptional()
  @IsBoolean()
  auto_queue = false;
}
