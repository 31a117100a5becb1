import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
} from 'class-validator';

import { MAX_SITEMAP_URL_LENGTH } from './sitemap-url';

/** POST /api/v3/sitemaps/direct-submit: the reference's DirectSitemapSubmissionRequest. */
export class DirectSubmitSitemapsBody {
  @ApiProperty({ type: [String], minItems: 1, maxItems: 50, example: ['https://example.com/sitemap.xml'] })
  @IsArray({ message: 'sitemap_urls must be a list' })
  @ArrayMinSize(1, { message: 'sitemap_urls must contain at least 1 URL' })
  @ArrayMaxSize(50, { message: 'sitemap_urls may contain at most 50 URLs' })
  @IsString({ each: true, message: 'each sitemap_urls entry must be a string' })
  @MaxLength(MAX_SITEMAP_URL_LENGTH, { each: true })
  sitemap_urls: string[];

  @ApiPropertyOptional({ type: Boolean, default: false, description: 'select the files for WF5 import at once' })
  @IsOptional()
  @IsBoolean()
  auto_import = false;

  /** The reference declared it and ignored it; here every file is recorded under this domain. */
  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    description: 'record the files under this domain instead of their hosts',
  })
  @IsOptional()
  @IsUUID('all', { message: 'domain_id must be a UUID' })
  domain_id?: string | null;
}

export interface DirectSubmitSitemapsResponse {
  readonly submitted_count: number;
  readonly sitemap_ids: string[];
  readonly auto_queued: boolean;
}
