/**
 * The one boundary text from the web passes before PostgreSQL sees it. PostgreSQL rejects NUL in `text` and
 * `jsonb` (and `\u0000` escapes in JSON), chokes on lone UTF-16 surrogates once encoded, and a btree index row
 * cannot exceed about 2,700 bytes: one hostile byte or one huge URL must never abort a whole batch's statement.
 */

/** C0 controls but tab, line feed and carriage return; DEL. */
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/** Anything either of the two may have to change: most text has none, and one scan tells. */
const SUSPECT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ud800-\udfff]/;

/** Longest text stored in a column that carries a btree (unique) index: under the ~2,704-byte row limit in UTF-8. */
export const MAX_INDEXED_TEXT_BYTES = 2000;

/**
 * Removes NUL and other control characters, replaces lone surrogates with U+FFFD and cuts the text to at most
 * `maxChars` characters (an ellipsis marks the cut). Linear in the input.
 */
export function sanitizeText(value: string, maxChars: number): string {
  const clean = SUSPECT.test(value) ? value.replace(CONTROLS, '').replace(LONE_SURROGATE, '\ufffd') : value;
  if (clean.length <= maxChars) return clean;
  // Never cut between the two halves of a surrogate pair.
  let end = Math.max(0, maxChars - 1);
  const code = clean.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return `${clean.slice(0, end)}…`;
}

/** Like {@link sanitizeText}, or null when the value is null or undefined. */
export function sanitizeNullable(value: string | null | undefined, maxChars: number): string | null {
  return value === null || value === undefined ? null : sanitizeText(value, maxChars);
}

/** Whether a (sanitised) value fits a btree-indexed text column; callers reject longer ones with a reason instead of cutting a key. */
export function fitsIndexedColumn(value: string): boolean {
  return Buffer.byteLength(value, 'utf8') <= MAX_INDEXED_TEXT_BYTES;
}

/** Sanitises every string in a JSON-shaped value (keys included), for `jsonb` parameters; caps each string at `maxChars`. */
export function sanitizeJson<T>(value: T, maxChars = 10_000): T {
  if (typeof value === 'string') return sanitizeText(value, maxChars) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => sanitizeJson(v, maxChars)) as T;
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>))
      out[sanitizeText(k, 200)] = sanitizeJson(v, maxChars);
    return out as T;
  }
  return value;
}
