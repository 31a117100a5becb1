import { Type } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';

import { StatusUpdateResponse } from './status-response';

/**
 * The OpenAPI shape of a curated list's page, around the item schema of one list: the console's generated types
 * read the fields from here, so a field renamed in the API breaks the console's build instead of its grid.
 */
export function listPageSchema<T>(item: Type<T>, name: string): Type<unknown> {
  class ListPageSchema {
    @ApiProperty({ type: [item] })
    items!: T[];

    @ApiProperty({ description: 'Matching rows: exact up to LIST_EXACT_COUNT_LIMIT, else the planner estimate' })
    total!: number;

    @ApiProperty()
    page!: number;

    @ApiProperty()
    size!: number;

    @ApiProperty({ description: 'From total, so from the estimate when total_is_estimate' })
    pages!: number;

    @ApiProperty({ description: 'True when total is the planner estimate rather than an exact count' })
    total_is_estimate!: boolean;

    @ApiProperty({
      type: String,
      nullable: true,
      description: 'Pass as `cursor` for the next page by keyset; null on the last page',
    })
    next_cursor!: string | null;
  }
  Object.defineProperty(ListPageSchema, 'name', { value: name });
  return ListPageSchema;
}

/** What every status update answers (the reference's shape). */
export class StatusUpdateResponseSchema implements StatusUpdateResponse {
  @ApiProperty({ example: 'Updated 3 local businesses to Selected' })
  message!: string;

  @ApiProperty()
  updated_count!: number;

  @ApiProperty({ description: 'Rows whose processing status this update queued' })
  queued_count!: number;
}
