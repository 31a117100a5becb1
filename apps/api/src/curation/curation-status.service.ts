import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { applyCurationStatus, CurationFilter, WorkflowDefinition } from '@curation/sdk';

import { statusResponse, StatusUpdateResponse } from './status-response';

/** The API side of the dual-status rule: one statement per request, responses as the frontend expects. */
@Injectable()
export class CurationStatusService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** By id list; unknown ids are ignored unless `requireAny` (the reference's pages endpoint answered 404). */
  async byIds(
    def: WorkflowDefinition,
    ids: readonly string[],
    label: string,
    noun: string,
    requireAny = false,
  ): Promise<StatusUpdateResponse> {
    const result = await applyCurationStatus(this.dataSource, def, ids, label);
    if (requireAny && result.updated_count === 0) throw new NotFoundException({ detail: `None of the ${noun} exist` });
    return statusResponse(result, noun, label);
  }

  /** "Select all": every row matching the filters; 404 when none does, unless `requireAny` is false. */
  async byFilters(
    def: WorkflowDefinition,
    filters: readonly CurationFilter[],
    label: string,
    noun: string,
    requireAny = true,
  ): Promise<StatusUpdateResponse> {
    const result = await applyCurationStatus(this.dataSource, def, { filters }, label);
    if (requireAny && result.updated_count === 0)
      throw new NotFoundException({ detail: `No ${noun} match the filters` });
    return statusResponse(result, noun, label);
  }
}

/** Filters for the values a request actually carries: `[column, op, value]`, undefined values skipped. */
export function definedFilters(
  specs: readonly (readonly [string, 'eq' | 'contains', string | undefined])[],
): CurationFilter[] {
  return specs.flatMap(([column, op, value]) => (value === undefined || value === '' ? [] : [{ column, op, value }]));
}
