import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsIn,
  IsObject,
  IsOptional,
  IsUUID,
  ValidateNested,
} from 'class-validator';

import { ContactCurationStatus, ContactCurationStatusEnum } from '@curation/sdk';

import { IntParam, TextFilter, UuidParam } from '../common/dto-decorators';
import { IsEnumLabel } from '../common/enum-label.validator';

/** The reference's cap per validate call: each id is a paid DeBounce call. */
export const MAX_VALIDATE_IDS = 100;
/** Ids per validation-status poll: they travel in the query string, and Node refuses headers past 16 KB (431). */
export const MAX_STATUS_IDS = 200;

/**
 * The reference's `validation_status` filter values: a DeBounce result, or where a contact is in validation.
 * `catch-all` and `unknown` are results it stored but could not filter on.
 */
export const VALIDATION_FILTERS = [
  'valid',
  'invalid',
  'disposable',
  'catch-all',
  'unknown',
  'pending',
  'not_validated',
] as const;
export type ValidationFilter = (typeof VALIDATION_FILTERS)[number];

/** The two filter values that are a stage of validation rather than a DeBounce result, by name. */
export const ValidationStage = Object.freeze({ Pending: 'pending', NotValidated: 'not_validated' } as const);

/** POST /api/v3/contacts/validate */
export class ValidateContactsBody {
  @ApiProperty({ type: [String], format: 'uuid', minItems: 1, maxItems: MAX_VALIDATE_IDS })
  @IsArray({ message: 'contact_ids must be a list' })
  @ArrayMinSize(1, { message: 'contact_ids must contain at least 1 id' })
  @ArrayMaxSize(MAX_VALIDATE_IDS, {
    message: `contact_ids may contain at most ${MAX_VALIDATE_IDS} ids per request (use /validate/all for more)`,
  })
  @IsUUID('all', { each: true, message: 'each contact_ids entry must be a UUID' })
  contact_ids: string[];
}

/**
 * The reference's `ContactFilters`. Its `curation_status` and `search_name` named columns the model did not
 * have (a 500 in the reference); here they filter `contact_curation_status` and `name`.
 */
export class ContactValidationFilters {
  @IsOptional()
  @IsEnumLabel(ContactCurationStatusEnum, false)
  curation_status?: ContactCurationStatus;

  @ApiPropertyOptional({ enum: [...VALIDATION_FILTERS] })
  @IsOptional()
  @IsIn(VALIDATION_FILTERS, { message: `validation_status must be one of: ${VALIDATION_FILTERS.join(', ')}` })
  validation_status?: ValidationFilter;

  @IsOptional()
  @TextFilter()
  search_email?: string;

  @IsOptional()
  @TextFilter()
  search_name?: string;

  @IsOptional()
  @UuidParam('domain_id')
  domain_id?: string;

  @IsOptional()
  @UuidParam('page_id')
  page_id?: string;
}

/** POST /api/v3/contacts/validate/all */
export class ValidateAllContactsBody {
  @ApiProperty({ type: ContactValidationFilters })
  @IsDefined({ message: 'filters is required: an object of filters, {} for every contact' })
  @IsObject({ message: 'filters must be an object' })
  @ValidateNested()
  @Type(() => ContactValidationFilters)
  filters: ContactValidationFilters;

  /** Most contacts queued by one call (the reference's safety limit: 100, at most 500). */
  @IntParam(1, 500)
  max_contacts = 100;
}

const commaSeparated = ({ value }: { value: unknown }): unknown => {
  const parts = Array.isArray(value) ? value : [value];
  if (!parts.every((part) => typeof part === 'string')) return value;
  return parts.flatMap((part: string) => part.split(',').map((id) => id.trim())).filter((id) => id.length > 0);
};

/** GET /api/v3/contacts/validation-status?contact_ids=a,b */
export class ValidationStatusQuery {
  @ApiProperty({ type: String, description: 'comma-separated contact UUIDs' })
  @Transform(commaSeparated)
  @IsArray({ message: 'contact_ids is required: comma-separated contact UUIDs' })
  @ArrayMinSize(1, { message: 'At least one contact ID is required' })
  @ArrayMaxSize(MAX_STATUS_IDS, { message: `contact_ids may name at most ${MAX_STATUS_IDS} contacts` })
  @IsUUID('all', { each: true, message: 'each contact_ids entry must be a UUID' })
  contact_ids: string[];
}

/** GET /api/v3/contacts/validation-summary */
export class ValidationSummaryQuery {
  @IsOptional()
  @UuidParam('domain_id')
  domain_id?: string;

  @IsOptional()
  @UuidParam('page_id')
  page_id?: string;

  @IsOptional()
  @IsEnumLabel(ContactCurationStatusEnum, false)
  curation_status?: ContactCurationStatus;
}
