import {
  BadRequestException,
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Patch,
  Put,
  Query,
  Res,
} from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { Response } from 'express';
import { DataSource } from 'typeorm';

import { CurationListService } from '../curation/curation-list.service';
import { statusResponse, StatusUpdateResponse } from '../curation/status-response';
import { CONTACT_READ_COLUMNS, ContactRead } from './contact-read';
import { CONTACT_UPDATE_COLUMNS, UpdateContactBody } from './contact-update.dto';
import { ContactTarget, deleteContact, readContact, setContactCurationStatus, updateContact } from './contacts-store';
import {
  contactFilters,
  ListContactsQuery,
  UpdateContactStatusBody,
  UpdateFilteredContactStatusBody,
} from './contacts.dto';
import { CONTACT_LIST_HEADERS, ContactSchema, ContactStatusResponseSchema } from './contacts.responses';

const SOURCE = { from: '"contacts" t', columns: CONTACT_READ_COLUMNS };

const ContactId = new ParseUUIDPipe({
  exceptionFactory: () => new BadRequestException({ detail: 'contact_id must be a UUID' }),
});

/** The reference's response plus `hubspot_queued_count`, which its schema carried (always 0: nothing is queued). */
type ContactStatusResponse = StatusUpdateResponse & { readonly hubspot_queued_count: number };

/** The contacts WF7 found, read and curated; the reference answered the list with a plain array. */
@Controller('api/v3/contacts')
export class ContactsController {
  constructor(
    private readonly lists: CurationListService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** The reference answered a plain array, so the keyset position travels in the `X-Next-Cursor` header. */
  @Get()
  @ApiOkResponse({ type: [ContactSchema], headers: CONTACT_LIST_HEADERS })
  async list(@Query() q: ListContactsQuery, @Res({ passthrough: true }) res: Response): Promise<ContactRead[]> {
    const { items, total, totalIsEstimate, nextCursor } = await this.lists.list<ContactRead>({
      ...SOURCE,
      filters: contactFilters(q),
      sortBy: 'updated_at',
      descending: true,
      limit: q.limit,
      offset: q.offset,
      cursor: q.cursor,
    });
    if (nextCursor !== null) res.setHeader('X-Next-Cursor', nextCursor);
    // The count the list reads anyway, for a client that confirms a change to every matching contact.
    res.setHeader('X-Total-Count', String(total));
    res.setHeader('X-Total-Is-Estimate', String(totalIsEstimate));
    return items;
  }

  // The two status routes are declared before `:contact_id`: the reference declared them after its
  // `PUT /{contact_id}`, so `PUT /status` was parsed as a contact id and never reached.
  @Put('status')
  @ApiOkResponse({ type: ContactStatusResponseSchema })
  updateStatus(@Body() body: UpdateContactStatusBody): Promise<ContactStatusResponse> {
    return this.setStatus(body.contact_ids, body.status);
  }

  @Put('status/filtered')
  @ApiOkResponse({ type: ContactStatusResponseSchema })
  updateFiltered(@Body() body: UpdateFilteredContactStatusBody): Promise<ContactStatusResponse> {
    const { status, ...filters } = body;
    return this.setStatus({ filters: contactFilters(filters) }, status);
  }

  @Get(':contact_id')
  async read(@Param('contact_id', ContactId) id: string): Promise<ContactRead> {
    return found(await readContact(this.dataSource, id));
  }

  @Put(':contact_id')
  replace(@Param('contact_id', ContactId) id: string, @Body() body: UpdateContactBody): Promise<ContactRead> {
    return this.update(id, body);
  }

  @Patch(':contact_id')
  patch(@Param('contact_id', ContactId) id: string, @Body() body: UpdateContactBody): Promise<ContactRead> {
    return this.update(id, body);
  }

  @Delete(':contact_id')
  @HttpCode(HttpStatus.NO_CONTENT)
  async remove(@Param('contact_id', ContactId) id: string): Promise<void> {
    if (!(await deleteContact(this.dataSource, id))) throw notFound();
  }

  private async update(id: string, body: UpdateContactBody): Promise<ContactRead> {
    const changes = (Object.keys(CONTACT_UPDATE_COLUMNS) as (keyof UpdateContactBody)[])
      .filter((field) => body[field] !== undefined)
      .map((field) => [CONTACT_UPDATE_COLUMNS[field], body[field]] as const);
    return found(await updateContact(this.dataSource, id, changes));
  }

  private async setStatus(target: ContactTarget, label: string): Promise<ContactStatusResponse> {
    const updated = await setContactCurationStatus(this.dataSource, target, label);
    return {
      ...statusResponse({ updated_count: updated, queued_count: 0, cancelled_count: 0 }, 'contacts', label),
      hubspot_queued_count: 0,
    };
  }
}

const notFound = () => new NotFoundException({ detail: 'Contact not found' });

function found(contact: ContactRead | undefined): ContactRead {
  if (!contact) throw notFound();
  return contact;
}
