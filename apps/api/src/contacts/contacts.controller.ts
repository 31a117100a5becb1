import { Controller, Get, Query } from '@nestjs/common';

import { CurationFilter } from '@curation/sdk';

import { columnsOf, CurationListService } from '../curation/curation-list.service';
import { ListContactsQuery } from './contacts.dto';

const SOURCE = {
  from: '"contacts" t',
  columns: columnsOf([
    'id',
    'domain_id',
    'page_id',
    'email',
    'email_type',
    'has_gmail',
    'name',
    'phone_number',
    'context',
    'source_url',
    'contact_curation_status',
    'contact_processing_status',
    'created_at',
    'updated_at',
  ]),
};

/** The contacts WF7 found; the reference answered with a plain list. */
@Controller('api/v3/contacts')
export class ContactsController {
  constructor(private readonly lists: CurationListService) {}

  @Get()
  async list(@Query() q: ListContactsQuery): Promise<Record<string, unknown>[]> {
    const filters: CurationFilter[] = [];
    for (const column of ['email_type', 'contact_curation_status', 'domain_id', 'page_id'] as const) {
      const value = q[column];
      if (value) filters.push({ column, op: 'eq', value });
    }
    if (q.email_contains) filters.push({ column: 'email', op: 'contains', value: q.email_contains });
    if (q.name_contains) filters.push({ column: 'name', op: 'contains', value: q.name_contains });
    if (q.has_gmail !== undefined) filters.push({ column: 'has_gmail', op: 'eq', value: String(q.has_gmail) });
    const { items } = await this.lists.list<Record<string, unknown>>({
      ...SOURCE,
      filters,
      sortBy: 'updated_at',
      descending: true,
      limit: q.limit,
      offset: q.offset,
    });
    return items;
  }
}
