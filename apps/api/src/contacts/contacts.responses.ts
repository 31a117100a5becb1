import { ApiProperty } from '@nestjs/swagger';

import {
  ContactCurationStatus,
  ContactEmailType,
  ContactProcessingStatus,
  CrmProcessingStatus,
  CrmSyncStatus,
  HubSpotSyncProcessingStatus,
  HubSpotSyncStatus,
  Wf8Crm,
} from '@curation/sdk';

import { StatusUpdateResponseSchema } from '../curation/list-page.schema';
import { CRM_ACTIONS, CrmAction, CrmSelectionResponse } from './crm-selection.dto';

const nullableText = { type: String, nullable: true } as const;
const crmSync = { enum: Object.values(CrmSyncStatus), enumName: 'CrmSyncStatus' } as const;
const crmProcessing = { enum: Object.values(CrmProcessingStatus), enumName: 'CrmProcessingStatus', nullable: true };

/**
 * A contact as GET /api/v3/contacts answers it (the reference's ContactRead): the fields the console reads are
 * described here; every other ContactRead column (Mautic, retries, the rest of the enrichment) comes too.
 */
export class ContactSchema {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  domain_id!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  page_id!: string | null;

  @ApiProperty()
  email!: string;

  @ApiProperty({ enum: Object.values(ContactEmailType), enumName: 'ContactEmailType', nullable: true })
  email_type!: ContactEmailType | null;

  @ApiProperty(nullableText)
  name!: string | null;

  @ApiProperty(nullableText)
  phone_number!: string | null;

  @ApiProperty(nullableText)
  source_url!: string | null;

  @ApiProperty({ enum: Object.values(ContactCurationStatus), enumName: 'ContactCurationStatus' })
  contact_curation_status!: ContactCurationStatus;

  @ApiProperty({ enum: Object.values(ContactProcessingStatus), enumName: 'ContactProcessingStatus', nullable: true })
  contact_processing_status!: ContactProcessingStatus | null;

  @ApiProperty(nullableText)
  contact_processing_error!: string | null;

  @ApiProperty({ ...crmSync, nullable: true, description: 'DeBounce validation (WF8): Selected queues it' })
  debounce_validation_status!: CrmSyncStatus | null;

  @ApiProperty(crmProcessing)
  debounce_processing_status!: CrmProcessingStatus | null;

  @ApiProperty({ ...nullableText, description: "DeBounce's verdict, e.g. Safe to Send, Invalid" })
  debounce_result!: string | null;

  @ApiProperty({ type: Number, nullable: true, description: "DeBounce's score" })
  debounce_score!: number | null;

  @ApiProperty(nullableText)
  debounce_reason!: string | null;

  @ApiProperty(nullableText)
  debounce_processing_error!: string | null;

  @ApiProperty({ enum: Object.values(HubSpotSyncStatus), enumName: 'HubSpotSyncStatus' })
  hubspot_sync_status!: HubSpotSyncStatus;

  @ApiProperty({
    enum: Object.values(HubSpotSyncProcessingStatus),
    enumName: 'HubSpotSyncProcessingStatus',
    nullable: true,
  })
  hubspot_processing_status!: HubSpotSyncProcessingStatus | null;

  @ApiProperty(nullableText)
  hubspot_processing_error!: string | null;

  @ApiProperty(crmSync)
  brevo_sync_status!: CrmSyncStatus;

  @ApiProperty(crmProcessing)
  brevo_processing_status!: CrmProcessingStatus | null;

  @ApiProperty(nullableText)
  brevo_processing_error!: string | null;

  @ApiProperty(crmSync)
  n8n_sync_status!: CrmSyncStatus;

  @ApiProperty(crmProcessing)
  n8n_processing_status!: CrmProcessingStatus | null;

  @ApiProperty(nullableText)
  n8n_processing_error!: string | null;

  @ApiProperty({ ...nullableText, description: "n8n's enrichment state, written by its callback" })
  enrichment_status!: string | null;

  @ApiProperty({ format: 'date-time' })
  updated_at!: string;
}

/** The headers that carry what the reference's plain-array answer has no room for. */
export const CONTACT_LIST_HEADERS = {
  'X-Total-Count': {
    description: 'Matching contacts: exact up to LIST_EXACT_COUNT_LIMIT, else the planner estimate',
    schema: { type: 'integer' },
  },
  'X-Total-Is-Estimate': { description: '"true" when X-Total-Count is an estimate', schema: { type: 'string' } },
  'X-Next-Cursor': {
    description: 'Pass as `cursor` for the next page by keyset; absent on the last page',
    schema: { type: 'string' },
  },
} as const;

/** A contact status change also says how many contacts it queued for HubSpot. */
export class ContactStatusResponseSchema extends StatusUpdateResponseSchema {
  @ApiProperty()
  hubspot_queued_count!: number;
}

/** POST /api/v3/contacts/validate: what was queued for DeBounce, and why the rest was not. */
export class ValidateContactsResponseSchema {
  @ApiProperty({ enum: [true] })
  success!: true;

  @ApiProperty({ example: '3 contacts queued for validation' })
  message!: string;

  @ApiProperty()
  queued_count!: number;

  @ApiProperty({ description: 'Already queued or being validated' })
  already_processing!: number;

  @ApiProperty({ description: 'Validated before (a fresh result is not paid for twice)' })
  already_validated!: number;

  @ApiProperty({ type: [String], description: 'Ids that name no contact' })
  invalid_ids!: string[];
}

/** PUT /api/v3/contacts/crm/select (CrmSelectionResponse). */
export class CrmSelectionResponseSchema implements CrmSelectionResponse {
  @ApiProperty()
  updated_count!: number;

  @ApiProperty()
  queued_count!: number;

  @ApiProperty({ description: 'Still-queued deliveries an unselect took back' })
  cancelled_count!: number;

  @ApiProperty({ enum: ['brevo', 'hubspot', 'n8n'], isArray: true })
  crms!: Wf8Crm[];

  @ApiProperty({ enum: [...CRM_ACTIONS] })
  action!: CrmAction;

  @ApiProperty()
  message!: string;
}
