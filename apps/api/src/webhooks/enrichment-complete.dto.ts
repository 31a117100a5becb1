import { applyDecorators } from '@nestjs/common';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';

/** Bounds for free text n8n sends into jsonb: generous, but a runaway workflow cannot fill a row. */
const TEXT = 2000;
const LIST = 100;
const MAX_INT = 2_147_483_647;
const FINITE = { allowNaN: false, allowInfinity: false } as const;

function Text(max = TEXT): PropertyDecorator {
  return applyDecorators(IsOptional(), IsString(), MaxLength(max));
}

function TextList(field: string): PropertyDecorator {
  return applyDecorators(
    IsOptional(),
    IsArray({ message: `${field} must be a list` }),
    ArrayMaxSize(LIST),
    IsString({ each: true, message: `each ${field} entry must be a string` }),
    MaxLength(320, { each: true }),
  );
}

function Nested(field: string, type: () => new () => object): PropertyDecorator {
  return applyDecorators(
    IsOptional(),
    IsObject({ message: `${field} must be an object` }),
    ValidateNested(),
    Type(type),
  );
}

export class EnrichedAddress {
  @Text() street?: string | null;
  @Text() city?: string | null;
  @Text() state?: string | null;
  @Text() zip?: string | null;
  @Text() country?: string | null;
}

export class EnrichedSocialProfiles {
  @Text() linkedin?: string | null;
  @Text() twitter?: string | null;
  @Text() facebook?: string | null;
  @Text() instagram?: string | null;
  @Text() github?: string | null;
}

export class EnrichedCompany {
  @Text() name?: string | null;
  @Text() website?: string | null;
  @Text() industry?: string | null;
  @Text() size?: string | null;
  @Text(10_000) description?: string | null;
}

export class EnrichedData {
  /** varchar(50) in the schema. */
  @Text(50) phone?: string | null;
  @Nested('address', () => EnrichedAddress) address?: EnrichedAddress | null;
  @Nested('social_profiles', () => EnrichedSocialProfiles) social_profiles?: EnrichedSocialProfiles | null;
  @Nested('company', () => EnrichedCompany) company?: EnrichedCompany | null;
  @TextList('additional_emails') additional_emails?: string[] | null;

  @IsOptional()
  @IsInt({ message: 'confidence_score must be an integer' })
  @Min(0)
  @Max(100)
  confidence_score?: number | null;

  @TextList('sources') sources?: string[] | null;
}

/**
 * The reference's schema names `enrichment_duration_seconds` and `api_calls_made`; its router's documented
 * example sends `duration_seconds` and `api_calls`, which it silently dropped. Both spellings are read.
 */
export class EnrichmentMetadata {
  @IsOptional() @IsNumber(FINITE) @Min(0) enrichment_duration_seconds?: number | null;
  @IsOptional() @IsNumber(FINITE) @Min(0) duration_seconds?: number | null;
  @IsOptional() @IsInt() @Min(0) @Max(MAX_INT) api_calls_made?: number | null;
  @IsOptional() @IsInt() @Min(0) @Max(MAX_INT) api_calls?: number | null;
  @IsOptional() @IsNumber(FINITE) @Min(0) cost_estimate?: number | null;
}

export const ENRICHMENT_STATUSES = ['complete', 'partial', 'failed'] as const;
export type EnrichmentStatus = (typeof ENRICHMENT_STATUSES)[number];

/** POST /api/v3/webhooks/n8n/enrichment-complete: the reference's `EnrichmentCompleteRequest`. */
export class EnrichmentCompleteBody {
  @IsUUID('all', { message: 'contact_id must be a UUID' })
  contact_id: string;

  /** The run's id: a delivery repeating the contact's last one writes nothing. */
  @IsString({ message: 'enrichment_id must be a string' })
  @MinLength(1, { message: 'enrichment_id must not be empty' })
  @MaxLength(255)
  enrichment_id: string;

  @IsIn(ENRICHMENT_STATUSES, { message: `status must be one of: ${ENRICHMENT_STATUSES.join(', ')}` })
  status: EnrichmentStatus;

  /** When the enrichment completed (ISO 8601). */
  @IsISO8601({ strict: true }, { message: 'timestamp must be an ISO 8601 date-time' })
  timestamp: string;

  @Nested('enriched_data', () => EnrichedData)
  enriched_data?: EnrichedData | null;

  @Nested('metadata', () => EnrichmentMetadata)
  metadata?: EnrichmentMetadata | null;

  /** Why a run failed or was partial (not in the reference's schema; it had the column but nothing wrote it). */
  @Text()
  error?: string | null;
}

export interface EnrichmentCompleteResponse {
  readonly success: true;
  readonly contact_id: string;
  readonly enrichment_id: string;
  readonly message: string;
  readonly updated_fields: readonly string[];
}
