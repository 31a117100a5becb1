/**
 * `<lastmod>` as PostgreSQL's `timestamptz` will take it, or null.
 *
 * sitemaps.org allows every W3C-datetime precision (`2024`, `2024-05`, `2024-05-01`, with a time and an offset);
 * PostgreSQL rejects the first two and every impossible date `Date.parse` lets through (`2024-02-30`, year 0,
 * `+25:00`), and one such value used to abort a whole chunk of inserted pages. So: reduced precision is expanded to
 * the first day, anything that is not a real calendar instant becomes null, and the result is written in one
 * canonical spelling (`YYYY-MM-DD`, then `THH:MM[:SS[.ffffff]]` and `Z` or `±HH:MM` when given). A time without an
 * offset stays without one, so the reader's time-zone policy decides, as before. A single left-to-right pass over at
 * most {@link MAX_LASTMOD_CHARS} characters, no regex; a value already in canonical form is returned as is, so
 * the common case allocates nothing (WF5 runs this for up to a million entries per file).
 */
export function normalizeLastmod(raw: string): string | null {
  const v = isSpace(raw.charCodeAt(0)) || isSpace(raw.charCodeAt(raw.length - 1)) ? raw.trim() : raw;
  const n = v.length;
  if (n < 4 || n > MAX_LASTMOD_CHARS) return null;
  const year = digits(v, 0, 4);
  if (year < 1) return null;
  if (n === 4) return `${v}-01-01`;
  if (v.charCodeAt(4) !== DASH) return null;
  const month = digits(v, 5, 2);
  if (month < 1 || month > 12) return null;
  if (n === 7) return `${v}-01`;
  if (v.charCodeAt(7) !== DASH) return null;
  const day = digits(v, 8, 2);
  if (day < 1 || day > daysIn(year, month)) return null;
  if (n === 10) return v;

  const separator = v.charCodeAt(10);
  if (separator !== UPPER_T && separator !== LOWER_T && separator !== SPACE) return null;
  let canonical = separator === UPPER_T;
  const hour = digits(v, 11, 2);
  if (hour < 0 || hour > 23 || v.charCodeAt(13) !== COLON) return null;
  const minute = digits(v, 14, 2);
  if (minute < 0 || minute > 59) return null;
  let i = 16;
  let fraction = '';
  if (v.charCodeAt(i) === COLON) {
    const second = digits(v, i + 1, 2);
    if (second < 0 || second > 59) return null;
    i += 3;
    const mark = v.charCodeAt(i);
    if (mark === DOT || mark === COMMA) {
      const start = i + 1;
      let end = start;
      while (end < n && isDigit(v.charCodeAt(end))) end++;
      if (end === start) return null;
      // PostgreSQL keeps microseconds; more digits would only be rounded away.
      if (end - start > 6 || mark === COMMA) canonical = false;
      fraction = `.${v.slice(start, Math.min(end, start + 6))}`;
      i = end;
    }
  }
  const timeEnd = fraction === '' ? i : 19;
  while (v.charCodeAt(i) === SPACE) {
    i++;
    canonical = false;
  }
  let zone = '';
  if (i < n) {
    const c = v.charCodeAt(i);
    if (c === UPPER_Z || c === LOWER_Z) {
      if (i + 1 !== n) return null;
      if (c === LOWER_Z) canonical = false;
      zone = 'Z';
    } else if (c === PLUS || c === DASH) {
      const offsetHours = digits(v, i + 1, 2);
      let k = i + 3;
      if (v.charCodeAt(k) === COLON) k++;
      else canonical = false;
      const offsetMinutes = digits(v, k, 2);
      // Real offsets run from -12:00 to +14:00; anything past 14:00 is a typo PostgreSQL may or may not take.
      if (offsetHours < 0 || offsetHours > 14 || offsetMinutes < 0 || offsetMinutes > 59 || k + 2 !== n) return null;
      if (offsetHours === 14 && offsetMinutes > 0) return null;
      zone = `${v[i]}${v.slice(i + 1, i + 3)}:${v.slice(k, k + 2)}`;
    } else return null;
  }
  if (canonical) return v;
  return `${v.slice(0, 10)}T${v.slice(11, timeEnd)}${fraction}${zone}`;
}

/** Longer than any W3C datetime with a fraction, an offset and spaces: not a date. */
export const MAX_LASTMOD_CHARS = 64;

const DASH = 0x2d;
const COLON = 0x3a;
const DOT = 0x2e;
const COMMA = 0x2c;
const SPACE = 0x20;
const PLUS = 0x2b;
const UPPER_T = 0x54;
const LOWER_T = 0x74;
const UPPER_Z = 0x5a;
const LOWER_Z = 0x7a;

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;

/** The number written by the `count` digits at `pos`, or -1 when any of them is missing or not a digit. */
function digits(text: string, pos: number, count: number): number {
  if (pos + count > text.length) return -1;
  let value = 0;
  for (let i = pos; i < pos + count; i++) {
    const c = text.charCodeAt(i);
    if (!isDigit(c)) return -1;
    value = value * 10 + (c - 0x30);
  }
  return value;
}

function daysIn(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
