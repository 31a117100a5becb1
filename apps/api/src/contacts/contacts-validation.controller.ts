import { Body, Controller, Get, HttpCode, HttpStatus, Post, Query } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { definedFilters } from '../curation/curation-status.service';
import {
  ValidateAllContactsBody,
  ValidateContactsBody,
  ValidationStatusQuery,
  ValidationSummaryQuery,
} from './contact-validation.dto';
import {
  ContactValidationStatus,
  queueValidation,
  readValidationCounts,
  readValidationStatus,
} from './contact-validation.store';
import { ValidateContactsResponseSchema } from './contacts.responses';

interface ValidateResponse {
  readonly success: true;
  readonly message: string;
  readonly queued_count: number;
  readonly already_processing: number;
  readonly already_validated: number;
}

const percent = (part: number, whole: number): number => (whole > 0 ? Math.round((part / whole) * 10_000) / 100 : 0);

/**
 * DeBounce validation from the curator's side, with the reference's paths, bodies and answers. Registered before
 * ContactsController: its `GET /{contact_id}` would otherwise take `validation-status` for a contact id.
 */
@Controller('api/v3/contacts')
export class ContactsValidationController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Post('validate')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: ValidateContactsResponseSchema })
  async validate(@Body() body: ValidateContactsBody): Promise<ValidateResponse & { invalid_ids: readonly string[] }> {
    const result = await queueValidation(this.dataSource, { ids: body.contact_ids });
    return {
      success: true,
      message: `${result.queued_count} contacts queued for validation`,
      queued_count: result.queued_count,
      already_processing: result.already_processing,
      already_validated: result.already_validated,
      invalid_ids: result.invalid_ids,
    };
  }

  @Post('validate/all')
  @HttpCode(HttpStatus.OK)
  async validateAll(
    @Body() body: ValidateAllContactsBody,
  ): Promise<ValidateResponse & { total_matched: number; filters_applied: Record<string, string> }> {
    const result = await queueValidation(this.dataSource, { filters: body.filters, limit: body.max_contacts });
    return {
      success: true,
      message: `${result.queued_count} contacts queued for validation`,
      queued_count: result.queued_count,
      already_processing: result.already_processing,
      already_validated: result.already_validated,
      total_matched: result.total_matched,
      filters_applied: Object.fromEntries(
        Object.entries(body.filters).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
      ),
    };
  }

  @Get('validation-status')
  async status(@Query() q: ValidationStatusQuery): Promise<{ success: true; contacts: ContactValidationStatus[] }> {
    return { success: true, contacts: await readValidationStatus(this.dataSource, q.contact_ids) };
  }

  @Get('validation-summary')
  async summary(@Query() q: ValidationSummaryQuery) {
    const c = await readValidationCounts(
      this.dataSource,
      definedFilters([
        ['domain_id', 'eq', q.domain_id],
        ['page_id', 'eq', q.page_id],
        ['contact_curation_status', 'eq', q.curation_status],
      ]),
    );
    return {
      success: true,
      summary: {
        total_contacts: c.total,
        validated: {
          total: c.validated,
          valid: c.valid,
          invalid: c.invalid,
          disposable: c.disposable,
          catch_all: c.catch_all,
          unknown: c.unknown,
        },
        not_validated: c.not_validated,
        pending_validation: c.pending,
        validation_rate: percent(c.validated, c.total),
        valid_rate: percent(c.valid, c.validated),
        last_updated: c.last_updated,
      },
      filters_applied: {
        domain_id: q.domain_id ?? null,
        page_id: q.page_id ?? null,
        curation_status: q.curation_status ?? null,
      },
    };
  }
}
