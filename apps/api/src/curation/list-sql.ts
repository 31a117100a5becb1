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

/** Hidden column of a page that also counts (see {@link pageStatement}): the matching rows, up to the cap + 1. */
export const TOTAL_COLUMN = '__list_total';

/**
 * How the count statement starts. It is planned, not executed: a plan check strips this prefix and EXPLAINs the
 * capped SELECT behind it, the one the page statement runs when it also counts.
 */
export const COUNT_EXPLAIN_PREFIX = 'EXPLAIN (FORMAT JSON)';

/**
 * The planner's estimate of the count: the plan of the matching rows cut at `cap + 1`, whose Limit input's
 * planned rows are the estimate of the whole count. Planning only, so it costs the same at any table size;
 * the exact count up to the cap, when it is needed, is read by the page statement (`count`).
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
 *
 * With `count`, the same statement (one snapshot) also counts the matching rows up to `count` into the
 * {@link TOTAL_COLUMN} of every row; an empty page then answers one row whose other columns are all NULL.
 */
export function pageStatement(
  shape: ListShape,
  limit: number,
  at: { readonly offset: number } | { readonly position: ListPosition },
  count?: number,
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
  const select = `${shape.columns.join(', ')}, t.${column}::text AS "${SORT_VALUE_COLUMN}", t."id"::text AS "${SORT_ID_COLUMN}"`;
  if (count === undefined)
    return {
      text: `WITH list_page AS (${ids})
      SELECT ${select} FROM list_page, ${shape.from} WHERE t."id" = list_page."id" ORDER BY ${order}`,
      params,
    };
  // The count is one row; the page's rows join it, or NULLs do when there is no page row.
  const total = `SELECT count(*)::int AS n FROM (SELECT 1 FROM ${shape.keysFrom} WHERE ${where} LIMIT ${param(count)}) c`;
  return {
    text: `WITH list_page AS (${ids}), list_total AS (${total})
      SELECT ${select}, list_total.n AS "${TOTAL_COLUMN}"
        FROM ${shape.from} JOIN list_page ON t."id" = list_page."id" RIGHT JOIN list_total ON TRUE ORDER BY ${order}`,
    params,
  };
}
