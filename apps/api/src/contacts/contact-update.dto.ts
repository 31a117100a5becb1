import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';

import {
  ContactCurationStatusEnum,
  ContactEmailTypeEnum,
  ContactProcessingStatusEnum,
  CrmProcessingStatusEnum,
  CrmSyncStatusEnum,
  HubSpotSyncProcessingStatusEnum,
  HubSpotSyncStatusEnum,
  PgEnumDefinition,
} from '@curation/sdk';

import { IsEnumLabel } from '../common/enum-label.validator';

/** Absent leaves the column alone; null is accepted only where the column is nullable, and clears it. */
const presence = (nullable: boolean): PropertyDecorator =>
  nullable ? IsOptional() : ValidateIf((_object: object, value: unknown) => value !== undefined);

function Text(max: number, nullable = true): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ type: String, maxLength: max, nullable }),
    presence(nullable),
    IsString(),
    MaxLength(max),
  );
}

function Label(def: PgEnumDefinition, nullable = true): PropertyDecorator {
  return applyDecorators(presence(nullable), IsEnumLabel(def, false));
}

/**
 * PUT/PATCH /api/v3/contacts/{contact_id}: the reference's `ContactUpdate`, every field optional (both verbs are
 * partial, as the reference's PUT was). Labels go through the SDK's enum parser like every other status field.
 */
export class UpdateContactBody {
  @ApiPropertyOptional({ type: String, format: 'email', maxLength: 254 })
  @presence(false)
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email?: string;

  @Label(ContactEmailTypeEnum)
  email_type?: string | null;

  @ApiPropertyOptional({ type: Boolean, nullable: true })
  @presence(true)
  @IsBoolean()
  has_gmail?: boolean | null;

  @Text(2000)
  context?: string | null;

  @Text(2048)
  source_url?: string | null;

  @Text(255)
  name?: string | null;

  /** varchar(50) in the schema. */
  @Text(50)
  phone_number?: string | null;

  @Label(ContactCurationStatusEnum, false)
  contact_curation_status?: string;

  @Label(ContactProcessingStatusEnum)
  contact_processing_status?: string | null;

  @Text(2000)
  contact_processing_error?: string | null;

  @Label(HubSpotSyncStatusEnum, false)
  hubspot_sync_status?: string;

  @Label(HubSpotSyncProcessingStatusEnum)
  hubspot_processing_status?: string | null;

  @Text(2000)
  hubspot_processing_error?: string | null;

  @Text(255)
  hubspot_contact_id?: string | null;

  @Label(CrmSyncStatusEnum, false)
  brevo_sync_status?: string;

  @Label(CrmProcessingStatusEnum)
  brevo_processing_status?: string | null;

  @Text(2000)
  brevo_processing_error?: string | null;

  @Text(255)
  brevo_contact_id?: string | null;

  @Label(CrmSyncStatusEnum, false)
  mautic_sync_status?: string;

  @Label(CrmProcessingStatusEnum)
  mautic_processing_status?: string | null;

  @Text(2000)
  mautic_processing_error?: string | null;

  @Text(255)
  mautic_contact_id?: string | null;

  @Label(CrmSyncStatusEnum, false)
  n8n_sync_status?: string;

  @Label(CrmProcessingStatusEnum)
  n8n_processing_status?: string | null;

  @Text(2000)
  n8n_processing_error?: string | null;

  /** The reference's name for the n8n external id; stored in `n8n_contact_id`. */
  @Text(255)
  n8n_workflow_id?: string | null;
}

/** Which column each update field writes: a whitelist, so no request text ever becomes an identifier. */
export const CONTACT_UPDATE_COLUMNS: Readonly<Record<keyof UpdateContactBody, string>> = {
  email: 'email',
  email_type: 'email_type',
  has_gmail: 'has_gmail',
  context: 'context',
  source_url: 'source_url',
  name: 'name',
  phone_number: 'phone_number',
  contact_curation_status: 'contact_curation_status',
  contact_processing_status: 'contact_processing_status',
  contact_processing_error: 'contact_processing_error',
  hubspot_sync_status: 'hubspot_sync_status',
  hubspot_processing_status: 'hubspot_processing_status',
  hubspot_processing_error: 'hubspot_processing_error',
  hubspot_contact_id: 'hubspot_contact_id',
  brevo_sync_status: 'brevo_sync_status',
  brevo_processing_status: 'brevo_processing_status',
  brevo_processing_error: 'brevo_processing_error',
  brevo_contact_id: 'brevo_contact_id',
  mautic_sync_status: 'mautic_sync_status',
  mautic_processing_status: 'mautic_processing_status',
  mautic_processing_error: 'mautic_processing_error',
  mautic_contact_id: 'mautic_contact_id',
  n8n_sync_status: 'n8n_sync_status',
  n8n_processing_status: 'n8n_processing_status',
  n8n_processing_error: 'n8n_processing_error',
  n8n_workflow_id: 'n8n_contact_id',
};
