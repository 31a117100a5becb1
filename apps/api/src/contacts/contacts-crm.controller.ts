import { BadRequestException, Body, Controller, NotFoundException, Put } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { applyCurationStatus, CrmSyncStatus, WF8_CRM_WORKFLOWS, Wf8Crm } from '@curation/sdk';

import { CrmSelectionResponseSchema } from './contacts.responses';
import { CrmSelectionBody, CrmSelectionResponse } from './crm-selection.dto';

/**
 * Mautic had a status pair in the reference but no sync service: selected rows stayed Queued forever. Refusing
 * it here is what keeps a row from being queued into nothing; it is accepted again once a client exists.
 */
const MAUTIC_REFUSED =
  'crms: mautic cannot be selected: there is no Mautic client, so nothing would ever deliver these contacts (nothing was written)';

/** Selecting contacts for delivery: each CRM is its own WF8 workflow, queued through the dual-status rule. */
@Controller('api/v3/contacts')
export class ContactsCrmController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * select: `<crm>_sync_status` Selected and `<crm>_processing_status` Queued (a row already being delivered is
   * left to finish); unselect: New, and a still-queued delivery is taken back. One statement per CRM, in one
   * transaction, so either every CRM's columns change or none does.
   */
  @Put('crm/select')
  @ApiOkResponse({ type: CrmSelectionResponseSchema })
  async select(@Body() body: CrmSelectionBody): Promise<CrmSelectionResponse> {
    const names = [...new Set(body.crms)];
    if (names.includes('mautic')) throw new BadRequestException({ detail: MAUTIC_REFUSED });
    const crms = names.filter((crm): crm is Wf8Crm => crm !== 'mautic');
    const action = body.action ?? 'select';
    const label = action === 'select' ? CrmSyncStatus.Selected : CrmSyncStatus.New;
    const totals = await this.dataSource.transaction(async (manager) => {
      const sum = { updated_count: 0, queued_count: 0, cancelled_count: 0 };
      for (const crm of crms) {
        const result = await applyCurationStatus(manager, WF8_CRM_WORKFLOWS[crm], body.contact_ids, label);
        // Every CRM targets the same ids, so the first statement already tells whether any exists.
        if (result.updated_count === 0) throw new NotFoundException({ detail: 'No contacts found with provided IDs' });
        sum.updated_count = result.updated_count;
        sum.queued_count += result.queued_count;
        sum.cancelled_count += result.cancelled_count;
      }
      return sum;
    });
    const verb = action === 'select' ? 'Selected' : 'Unselected';
    return {
      ...totals,
      crms,
      action,
      message: `${verb} ${totals.updated_count} contacts for ${crms.length} CRM(s), ${totals.queued_count} queued for processing`,
    };
  }
}
