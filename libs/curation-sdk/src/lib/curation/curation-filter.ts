/**
 * A filter on a curated table for select-all updates and lists. Columns come from the API's resource
 * descriptors (whitelists), never from the request; values are always bound parameters.
 */
export type CurationFilter =
  | { readonly column: string; readonly op: 'eq'; readonly value: string }
  /** Case-insensitive substring match; `%`, `_` and `\` in the value match themselves. */
  | { readonly column: string; readonly op: 'contains'; readonly value: string };

/** SQL for `filters` joined with AND, binding values from `$firstParam` on. */
export function filterSql(filters: readonly CurationFilter[], firstParam: number, alias = ''): { sql: string; params: string[] } {
  const prefix = alias ? `${alias}.` : '';
  const parts: string[] = [];
  const params: string[] = [];
  for (const filter of filters) {
    const column = `${prefix}"${filter.column.replace(/"/g, '""')}"`;
    const placeholder = `$${firstParam + params.length}`;
    if (filter.op === 'eq') {
      parts.push(`${column} = ${placeholder}`);
      params.push(filter.value);
    } else {
      parts.push(`${column} ILIKE ${placeholder} ESCAPE '\\'`);
      params.push(`%${filter.value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    }
  }
  return { sql: parts.length > 0 ? parts.join(' AND ') : 'TRUE', params };
}
