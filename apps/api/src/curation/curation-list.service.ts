import { BadRequestException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryFailedError } from 'typeorm';

import { CurationFilter, filterSql, ident } from '@curation/sdk';

import { ApiConfig } from '../config/api.config';
import { CursorScope, decodeCursor, encodeCursor, ListPosition } from './list-cursor';
import { countStatement, ListShape, pageStatement, SORT_ID_COLUMN, SORT_VALUE_COLUMN, Statement } from './list-sql';
import { totalFromPlan } from './list-total';

/** Static SQL from a resource descriptor: the listed table is always aliased `t`. */
export interface ListSource {
  /** FROM clause, e.g. `"sitemap_files" t LEFT JOIN "domains" d ON d."id" = t."domain_id"`. */
  readonly from: string;
  /**
   * `from` without the joins that only add columns (they must never add or drop a row), e.g. `"sitemap_files" t`:
   * counting and skipping ids then reads the listed table's indexes alone. Default: `from`.
   */
  readonly keysFrom?: string;
  /** Select expressions, e.g. `t."url" AS "sitemap_url"`. */
  readonly columns: readonly string[];
}

export interface ListRequest extends ListSource {
  readonly filters: readonly CurationFilter[];
  /** A whitelisted column of `t`; ties are broken on `t.id` in the same direction, so pages never overlap. */
  readonly sortBy: string;
  readonly descending: boolean;
  readonly limit: number;
  readonly offset: number;
  /** A `next_cursor` this list returned: the page starts after it (keyset), and `offset` must be 0. */
  readonly cursor?: string;
}

export interface ListResult<T> {
  readonly items: T[];
  readonly total: number;
  /** `total` is the planner's estimate: more than LIST_EXACT_COUNT_LIMIT rows match. */
  readonly totalIsEstimate: boolean;
  /** Opaque position after the last item; null when no row follows. */
  readonly nextCursor: string | null;
}

/** The page/size flavour the reference used for most lists, plus the two fields it did not have. */
export interface ListPage<T> {
  readonly items: T[];
  readonly total: number;
  readonly page: number;
  readonly size: number;
  /** From `total`, so from the estimate when `total_is_estimate`: a page past the real end is empty. */
  readonly pages: number;
  readonly total_is_estimate: boolean;
  readonly next_cursor: string | null;
}

interface HiddenColumns {
  [SORT_VALUE_COLUMN]?: string | null;
  [SORT_ID_COLUMN]?: string;
}

/** Invalid text for the sort column's type (22P02, 22007, 22008, …): only a cursor's values can cause it. */
const isDataException = (error: unknown): boolean =>
  error instanceof QueryFailedError &&
  typeof error.driverError === 'object' &&
  'code' in error.driverError &&
  typeof error.driverError.code === 'string' &&
  error.driverError.code.startsWith('22');

/**
 * Lists in exactly two statements (count, page), whatever the page size, the page depth or the row count:
 * a capped count with the planner's estimate past the cap, and a deferred-join page by offset or by cursor.
 */
@Injectable()
export class CurationListService {
  private readonly cap: number;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    config: ApiConfig,
  ) {
    this.cap = config.LIST_EXACT_COUNT_LIMIT;
  }

  async list<T>(request: ListRequest): Promise<ListResult<T>> {
    const keysFrom = request.keysFrom ?? request.from;
    const scope: CursorScope = { list: keysFrom, sortBy: request.sortBy, descending: request.descending };
    const position = request.cursor === undefined ? undefined : decodeCursor(scope, request.cursor);
    if (position && request.offset > 0)
      throw new BadRequestException({ detail: 'cursor cannot be combined with page or offset: it is the position' });
    const shape: ListShape = {
      from: request.from,
      keysFrom,
      columns: request.columns,
      where: filterSql(request.filters, 1, 't'),
      sortBy: request.sortBy,
      descending: request.descending,
    };
    const count = countStatement(shape, this.cap);
    const { total, isEstimate } = totalFromPlan(await this.dataSource.query(count.text, count.params), this.cap);
    // One row more than asked says whether a next page exists, so the last page carries no cursor.
    const page = pageStatement(shape, request.limit + 1, position ? { position } : { offset: request.offset });
    const rows = await this.pageRows<T>(page, position);
    const items = rows.slice(0, request.limit);
    const last = items[items.length - 1];
    const nextCursor = rows.length > request.limit && last !== undefined ? encodeCursor(scope, positionOf(last)) : null;
    for (const row of rows) {
      delete row[SORT_VALUE_COLUMN];
      delete row[SORT_ID_COLUMN];
    }
    return { items, total, totalIsEstimate: isEstimate, nextCursor };
  }

  async page<T>(request: Omit<ListRequest, 'limit' | 'offset'>, page: number, size: number): Promise<ListPage<T>> {
    const result = await this.list<T>({ ...request, limit: size, offset: (page - 1) * size });
    return {
      items: result.items,
      total: result.total,
      page,
      size,
      pages: Math.ceil(result.total / size),
      total_is_estimate: result.totalIsEstimate,
      next_cursor: result.nextCursor,
    };
  }

  private async pageRows<T>(page: Statement, position: ListPosition | undefined): Promise<(T & HiddenColumns)[]> {
    try {
      return await this.dataSource.query(page.text, page.params);
    } catch (error) {
      if (position && isDataException(error))
        throw new BadRequestException({ detail: 'cursor holds a position this list cannot sort by' });
      throw error;
    }
  }
}

function positionOf(row: HiddenColumns): ListPosition {
  const id = row[SORT_ID_COLUMN];
  if (id === undefined) throw new Error('a list page row lacks its sort id');
  return { value: row[SORT_VALUE_COLUMN] ?? null, id };
}

/** `t."a", t."b"` for plain columns of the listed table. */
export function columnsOf(names: readonly string[]): string[] {
  return names.map((name) => `t.${ident(name)}`);
}
