import { IsOptional } from 'class-validator';

import {
  ContactCurationStatus,
  ContactCurationStatusEnum,
  ContactEmailType,
  ContactEmailTypeEnum,
  ContactProcessingStatusEnum,
  CrmSyncStatusEnum,
  CurationFilter,
  HubSpotSyncStatusEnum,
} from '@curation/sdk';

import { BoolParam, IdList, IntParam, TextFilter, UuidParam } from '../common/dto-decorators';
import { IsEnumLabel } from '../common/enum-label.validator';
import { definedFilters } from '../curation/curation-status.service';
import { CursorParam } from '../curation/cursor-param';

/** The reference list's filters; the select-all update takes the same ones (the reference's took a subset). */
class ContactFilters {
  @IsOptional()
  @IsEnumLabel(ContactCurationStatusEnum, false)
  contact_curation_status?: ContactCurationStatus;

  @IsOptional()
  @IsEnumLabel(ContactProcessingStatusEnum, false)
  contact_processing_status?: string;

  @IsOptional()
  @IsEnumLabel(HubSpotSyncStatusEnum, false)
  hubspot_sync_status?: string;

  @IsOptional()
  @IsEnumLabel(CrmSyncStatusEnum, false)
  brevo_sync_status?: string;

  @IsOptional()
  @IsEnumLabel(CrmSyncStatusEnum, false)
  mautic_sync_status?: string;

  @IsOptional()
  @IsEnumLabel(CrmSyncStatusEnum, false)
  n8n_sync_status?: string;

  @IsOptional()
  @IsEnumLabel(ContactEmailTypeEnum, false)
  email_type?: ContactEmailType;

  @IsOptional()
  @UuidParam('domain_id')
  domain_id?: string;

  @IsOptional()
  @UuidParam('page_id')
  page_id?: string;

  @IsOptional()
  @TextFilter()
  email_contains?: string;

  @IsOptional()
  @TextFilter()
  name_contains?: string;

  @IsOptional()
  @BoolParam()
  has_gmail?: boolean;
}

/** Column filters for whichever of the list's filters a request carries. */
export function contactFilters(f: ContactFilters): CurationFilter[] {
  return definedFilters([
    ['contact_curation_status', 'eq', f.contact_curation_status],
    ['contact_processing_status', 'eq', f.contact_processing_status],
    ['hubspot_sync_status', 'eq', f.hubspot_sync_status],
    ['brevo_sync_status', 'eq', f.brevo_sync_status],
    ['mautic_sync_status', 'eq', f.mautic_sync_status],
    ['n8n_sync_status', 'eq', f.n8n_sync_status],
    ['email_type', 'eq', f.email_type],
    ['domain_id', 'eq', f.domain_id],
    ['page_id', 'eq', f.page_id],
    ['email', 'contains', f.email_contains],
    ['name', 'contains', f.name_contains],
    ['has_gmail', 'eq', f.has_gmail === undefined ? undefined : String(f.has_gmail)],
  ]);
}

/** GET /api/v3/contacts (reference: limit 100, at most 1000, offset). */
export class ListContactsQuery extends ContactFilters {
  @IntParam(1, 1000)
  limit = 100;

  @IntParam(0)
  offset = 0;

  @CursorParam()
  cursor?: string;
}

/** PUT /api/v3/contacts/status */
export class UpdateContactStatusBody {
  @IdList('contact_ids', 'uuid')
  contact_ids: string[];

  @IsEnumLabel(ContactCurationStatusEnum)
  status: ContactCurationStatus;
}

/** PUT /api/v3/contacts/status/filtered: "select all" contacts matching the list's filters. */
export class UpdateFilteredContactStatusBody extends ContactFilters {
  @IsEnumLabel(ContactCurationStatusEnum)
  status: ContactCurationStatus;
}
