import { ApiPropertyOptional } from '@nestjs/swagger';
import { Equals, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, ValidateIf } from 'class-validator';

import { SitemapCurationStatus, SitemapCurationStatusEnum } from '@curation/sdk';

import { IsEnumLabel } from '../common/enum-label.validator';
import { SITEMAP_FILE_STATUS } from './sitemap-file-status';
import { MAX_SITEMAP_URL_LENGTH } from './sitemap-url';

const MAX_INT = 2_147_483_647;
/** Present means "set it": null is refused for NOT NULL columns instead of being read as "leave it". */
const present = (_: object, value: unknown): boolean => value !== undefined;
/**
 * The reference schema's `file_path` and `processing_time` have no column (there or here: its create failed on
 * them). They are accepted as null, the value its clients send, and refused otherwise, so nothing is dropped silently.
 */
const NOT_STORED = (field: string) => ({ message: `${field} is not stored by this API: send null or leave it out` });

/** POST /api/v3/sitemap-files: the reference's SitemapFileCreate (`url` under its alias `sitemap_url`, or as `url`). */
export class CreateSitemapFileBody {
  @IsUUID('all', { message: 'domain_id must be a UUID' })
  domain_id: string;

  @IsOptional()
  @IsString()
  @MaxLength(MAX_SITEMAP_URL_LENGTH)
  sitemap_url?: string;

  /** The reference schema populated `url` by name too. */
  @IsOptional()
  @IsString()
  @MaxLength(MAX_SITEMAP_URL_LENGTH)
  url?: string;

  @IsOptional()
  @IsEnumLabel(SITEMAP_FILE_STATUS, false)
  status?: string | null;

  @IsOptional()
  @Equals(null, NOT_STORED('file_path'))
  file_path?: null;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  error_message?: string | null;

  @IsOptional()
  @Equals(null, NOT_STORED('processing_time'))
  processing_time?: null;

  @ApiPropertyOptional({ type: 'integer', default: 0, nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_INT)
  url_count?: number | null;

  @ApiPropertyOptional({ default: 'standard', description: 'index, standard, image, video or news, as WF4 writes it' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  sitemap_type?: string;

  @ApiPropertyOptional({ default: 'manual', description: 'robots_txt, common_path, sitemap_index, html_link, manual' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  discovery_method?: string | null;
}

/**
 * PUT (or PATCH) /api/v3/sitemap-files/{id}: the reference's SitemapFileUpdate, partial. A curation status goes
 * through the SDK's dual-status rule, so Selected queues the import as the batch endpoints do.
 */
export class UpdateSitemapFileBody {
  @ValidateIf(present)
  @IsUUID('all', { message: 'domain_id must be a UUID' })
  domain_id?: string;

  @ValidateIf(present)
  @IsString({ message: 'sitemap_url must be a string' })
  @MaxLength(MAX_SITEMAP_URL_LENGTH)
  sitemap_url?: string;

  @ValidateIf(present)
  @IsString({ message: 'url must be a string' })
  @MaxLength(MAX_SITEMAP_URL_LENGTH)
  url?: string;

  @ValidateIf(present)
  @IsEnumLabel(SITEMAP_FILE_STATUS, false)
  status?: string;

  @IsOptional()
  @Equals(null, NOT_STORED('file_path'))
  file_path?: null;

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  error_message?: string | null;

  @IsOptional()
  @Equals(null, NOT_STORED('processing_time'))
  processing_time?: null;

  @ApiPropertyOptional({ type: 'integer', nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_INT)
  url_count?: number | null;

  @ValidateIf(present)
  @IsEnumLabel(SitemapCurationStatusEnum, false)
  deep_scrape_curation_status?: SitemapCurationStatus;

  @ValidateIf(present)
  @IsString({ message: 'sitemap_type must be a string' })
  @MaxLength(50)
  sitemap_type?: string;

  @IsOptional()
  @IsString()
  @MaxLength(50)
  discovery_method?: string | null;
}
