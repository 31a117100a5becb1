import { ident } from '@curation/sdk';

import { ListPosition } from './list-cursor';

/** One statement and its bind parameters. */
export interface Statement {
  readonly text: string;
  readonly params: unknown[];
}

export interface ListShape {
  /** FROM clause of the listed rows (`t` is the listed table, maybe joined). */
  readonly from: string;
  /** FROM clause that finds and counts the same rows as `from` without the joins that only add columns. */
  readonly keysFrom: string;
  readonly columns: readonly string[];
  /** WHERE condition over `t` and its parameters, numbered from $1. */
  readonly where: { readonly sql: string; readonly params: readonly unknown[] };
  readonly sortBy: string;
  readonly descending: boolean;
}

/** Hidden columns of a page row: the cursor is made from the last row's; removed before the rows are answered. */
export const SORT_VALUE_COLUMN = '__list_sort_value';
export const SORT_ID_COLUMN = '__list_sort_id';

/**
 * How the count statement starts. It is executed (ANALYZE): a plan check strips this prefix and EXPLAINs the
 * capped SELECT behind it, which reads at most `cap + 1` matching rows.
 */
export const COUNT_EXPLAIN_PREFIX = 'EXPLAIN (ANALYZE, TIMING OFF, SUMMARY OFF, FORMAT JSON)';

/**
 * The capped count and the planner's estimate in one statement: EXPLAIN ANALYZE of the matching rows cut at
 * `cap + 1`. The Limit node's actual rows are the exact count up to the cap, and its input's planned rows are
 * the planner's estimate of the whole count, used past the cap.
 */
export function countStatement(shape: ListShape, cap: number): Statement {
  const n = shape.where.params.length;
  return {
    text: `${COUNT_EXPLAIN_PREFIX}
      SELECT 1 FROM ${shape.keysFrom} WHERE ${shape.where.sql} LIMIT $${n + 1}`,
    params: [...shape.where.params, cap + 1],
  };
}

/**
 * PostgreSQL's default NULL placement, which the lists have always used and which one `(col, id)` btree serves
 * in both directions: NULL sorts above every value, so it comes last ascending and first descending.
 */
function orderBy(alias: string, column: string, descending: boolean): string {
  const direction = descending ? 'DESC' : 'ASC';
  return `${alias}.${column} ${direction}, ${alias}."id" ${direction}`;
}

/**
 * The rows after `position` in the list's order, as one or two conditions each an index range, so the planner
 * can walk a `(col, id)` index from the position instead of filtering from the start (an OR would not).
 */
function keysetRanges(column: string, descending: boolean, position: ListPosition, v: string, i: string): string[] {
  const c = `t.${column}`;
  if (position.value === null) {
    // Among the NULLs only ids remain; descending, every non-NULL value still follows them.
    return descending ? [`${c} IS NULL AND t."id" < ${i}`, `${c} IS NOT NULL`] : [`${c} IS NULL AND t."id" > ${i}`];
  }
  // Descending, NULLs came first and are behind us; ascending, they all follow the last value.
  return descending ? [`(${c}, t."id") < (${v}, ${i})`] : [`(${c}, t."id") > (${v}, ${i})`, `${c} IS NULL`];
}

/**
 * One page, deferred: the ids come from the filter and sort alone (an index-only scan where an index covers
 * them), skipping `offset` ids or starting after `position`; only those `limit` rows are then read whole.
 */
export function pageStatement(
  shape: ListShape,
  limit: number,
  at: { readonly offset: number } | { readonly position: ListPosition },
): Statement {
  const column = ident(shape.sortBy);
  const params: unknown[] = [...shape.where.params];
  const param = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  const where = shape.where.sql;
  const order = orderBy('t', column, shape.descending);
  let ids: string;
  if ('offset' in at) {
    ids = `SELECT t."id" FROM ${shape.keysFrom} WHERE ${where} ORDER BY ${order}
      LIMIT ${param(limit)} OFFSET ${param(at.offset)}`;
  } else {
    const { position } = at;
    const v = position.value === null ? '' : param(position.value);
    const i = param(position.id);
    const n = param(limit);
    const ranges = keysetRanges(column, shape.descending, position, v, i).map(
      (range) =>
        `SELECT t."id", t.${column} AS "k" FROM ${shape.keysFrom} WHERE ${where} AND ${range} ORDER BY ${order} LIMIT ${n}`,
    );
    ids =
      ranges.length === 1
        ? ranges[0]
        : `SELECT u."id" FROM (${ranges.map((r) => `(${r})`).join(' UNION ALL ')}) u
            ORDER BY u."k" ${shape.descending ? 'DESC' : 'ASC'}, u."id" ${shape.descending ? 'DESC' : 'ASC'} LIMIT ${n}`;
  }
  return {
    text: `WITH list_page AS (${ids})
      SELECT ${shape.columns.join(', ')}, t.${column}::text AS "${SORT_VALUE_COLUMN}", t."id"::text AS "${SORT_ID_COLUMN}"
        FROM list_page, ${shape.from} WHERE t."id" = list_page."id" ORDER BY ${order}`,
    params,
  };
}
