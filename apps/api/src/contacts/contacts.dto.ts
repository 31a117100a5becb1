import { IsOptional } from 'class-validator';

import {
  ContactCurationStatus,
  ContactCurationStatusEnum,
  ContactEmailType,
  ContactEmailTypeEnum,
} from '@curation/sdk';

import { BoolParam, IntParam, TextFilter, UuidParam } from '../common/dto-decorators';
import { IsEnumLabel } from '../common/enum-label.validator';

/** GET /api/v3/contacts (reference: limit 100, at most 1000, offset). */
export class ListContactsQuery {
  @IntParam(1, 1000)
  limit = 100;

  @IntParam(0)
  offset = 0;

  @IsOptional()
  @IsEnumLabel(ContactEmailTypeEnum, false)
  email_type?: ContactEmailType;

  @IsOptional()
  @IsEnumLabel(ContactCurationStatusEnum, false)
  contact_curation_status?: ContactCurationStatus;

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
