import { BadRequestException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryFailedError } from 'typeorm';

import { CurationFilter, filterSql, ident } from '@curation/sdk';

import { ApiConfig } from '../config/api.config';
import { CursorScope, decodeCursor, encodeCursor, ListPosition } from './list-cursor';
import {
  countStatement,
  ListShape,
  pageStatement,
  SORT_ID_COLUMN,
  SORT_VALUE_COLUMN,
  Statement,
  TOTAL_COLUMN,
} from './list-sql';
import { estimateFromPlan, totalFromPlan } from './list-total';

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
  [SORT_ID_COLUMN]?: string | null;
  [TOTAL_COLUMN]?: number;
}

/**
 * A planner estimate at least this many times LIST_EXACT_COUNT_LIMIT is taken as proof that more rows than the
 * cap match, and the exact count is not read. A filter's estimate comes from the column statistics and is
 * rarely off by this much; when it is, and no more than the cap rows match, the answer is an estimate
 * (flagged) instead of the exact count, and a short page by offset still answers it exactly. Reading the count
 * costs up to the cap's worth of rows: ~70 ms on every request for a name fragment of 1 in 8 rows (a trigram
 * bitmap of 125,000 ids at 1,000,000 businesses), where the page itself took 4 ms.
 */
const ESTIMATE_PAST_CAP_FACTOR = 3;

/** Invalid text for the sort column's type (22P02, 22007, 22008, …): only a cursor's values can cause it. */
const isDataException = (error: unknown): boolean =>
  error instanceof QueryFailedError &&
  typeof error.driverError === 'object' &&
  'code' in error.driverError &&
  typeof error.driverError.code === 'string' &&
  error.driverError.code.startsWith('22');

/**
 * Lists in exactly two statements (count, page), whatever the page size, the page depth or the row count: the
 * planner's estimate of the count, and a deferred-join page by offset or by cursor that also counts the rows
 * up to the cap unless the estimate is far past it.
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
    const plan: unknown = await this.dataSource.query(count.text, count.params);
    const counting = estimateFromPlan(plan) <= ESTIMATE_PAST_CAP_FACTOR * this.cap;
    // One row more than asked says whether a next page exists, so the last page carries no cursor.
    const page = pageStatement(
      shape,
      request.limit + 1,
      position ? { position } : { offset: request.offset },
      counting ? this.cap + 1 : undefined,
    );
    const answered = await this.pageRows<T>(page, position);
    const counted = counting ? answered[0]?.[TOTAL_COLUMN] : undefined;
    // Counting, an empty page is one row of NULLs carrying the count.
    const rows = answered.filter((row) => row[SORT_ID_COLUMN] !== null);
    const pageEnd = !position && rows.length <= request.limit && (rows.length > 0 || request.offset === 0);
    const { total, isEstimate } = totalFromPlan(plan, this.cap, {
      counted,
      pageEnd: pageEnd ? request.offset + rows.length : undefined,
    });
    const items = rows.slice(0, request.limit);
    const last = items[items.length - 1];
    const nextCursor = rows.length > request.limit && last !== undefined ? encodeCursor(scope, positionOf(last)) : null;
    for (const row of rows) {
      delete row[SORT_VALUE_COLUMN];
      delete row[SORT_ID_COLUMN];
      delete row[TOTAL_COLUMN];
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
  if (id === undefined || id === null) throw new Error('a list page row lacks its sort id');
  return { value: row[SORT_VALUE_COLUMN] ?? null, id };
}

/** `t."a", t."b"` for plain columns of the listed table. */
export function columnsOf(names: readonly string[]): string[] {
  return names.map((name) => `t.${ident(name)}`);
}
