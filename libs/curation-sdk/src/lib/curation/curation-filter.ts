import { ident } from '../database/quote-ident';

/**
 * A filter on a curated table for select-all updates and lists. Columns come from the API's resource
 * descriptors (whitelists), never from the request; values are always bound parameters.
 */
export type CurationFilter =
  | { readonly column: string; readonly op: 'eq'; readonly value: string }
  /** Case-insensitive substring match; `%`, `_` and `\` in the value match themselves. */
  | { readonly column: string; readonly op: 'contains'; readonly value: string }
  /** Any of the values (one array parameter, however many values). */
  | { readonly column: string; readonly op: 'in'; readonly values: readonly string[] };

/** SQL for `filters` joined with AND, binding values from `$firstParam` on. */
export function filterSql(
  filters: readonly CurationFilter[],
  firstParam: number,
  alias = '',
): { sql: string; params: (string | readonly string[])[] } {
  const prefix = alias ? `${alias}.` : '';
  const parts: string[] = [];
  const params: (string | readonly string[])[] = [];
  for (const filter of filters) {
    const column = `${prefix}${ident(filter.column)}`;
    const placeholder = `$${firstParam + params.length}`;
    if (filter.op === 'eq') {
      parts.push(`${column} = ${placeholder}`);
      params.push(filter.value);
    } else if (filter.op === 'in') {
      parts.push(`${column}::text = ANY(${placeholder}::text[])`);
      params.push(filter.values);
    } else {
      parts.push(`${column} ILIKE ${placeholder} ESCAPE '\\'`);
      params.push(`%${filter.value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    }
  }
  return { sql: parts.length > 0 ? parts.join(' AND ') : 'TRUE', params };
}
