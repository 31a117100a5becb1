import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional } from 'class-validator';

import { Wf8Crm } from '@curation/sdk';

import { IdList } from '../common/dto-decorators';

/** The CRM names the reference accepted; `mautic` is refused by the endpoint itself, with its own reason. */
export const CRM_NAMES = ['brevo', 'hubspot', 'mautic', 'n8n'] as const;
export type CrmName = Wf8Crm | 'mautic';

export const CRM_ACTIONS = ['select', 'unselect'] as const;
export type CrmAction = (typeof CRM_ACTIONS)[number];

/** PUT /api/v3/contacts/crm/select: the reference's `CRMSelectionRequest`. */
export class CrmSelectionBody {
  @IdList('contact_ids', 'uuid')
  contact_ids: string[];

  @ApiProperty({ enum: [...CRM_NAMES], isArray: true, minItems: 1 })
  @IsArray({ message: 'crms must be a list' })
  @ArrayMinSize(1, { message: 'crms must name at least 1 CRM' })
  @ArrayMaxSize(CRM_NAMES.length * 4, { message: 'crms may name at most 16 entries' })
  @IsIn(CRM_NAMES, { each: true, message: `each crms entry must be one of: ${CRM_NAMES.join(', ')}` })
  crms: CrmName[];

  @ApiPropertyOptional({ enum: [...CRM_ACTIONS], default: 'select' })
  @IsOptional()
  @IsIn(CRM_ACTIONS, { message: "action must be 'select' or 'unselect'" })
  action?: CrmAction;
}

/** The reference's answer, plus `cancelled_count` (still-queued deliveries an unselect took back). */
export interface CrmSelectionResponse {
  readonly updated_count: number;
  readonly queued_count: number;
  readonly cancelled_count: number;
  readonly crms: readonly Wf8Crm[];
  readonly action: CrmAction;
  readonly message: string;
}
