/**
 * `<lastmod>` as PostgreSQL's `timestamptz` will take it, or null.
 *
 * sitemaps.org allows every W3C-datetime precision (`2024`, `2024-05`, `2024-05-01`, with a time and an offset);
 * PostgreSQL rejects the first two and every impossible date `Date.parse` lets through (`2024-02-30`, year 0,
 * `+25:00`), and one such value used to abort a whole chunk of inserted pages. So: reduced precision is expanded to
 * the first day, anything that is not a real calendar instant becomes null, and the result is written in one
 * canonical spelling (`YYYY-MM-DD`, then `THH:MM[:SS[.ffffff]]` and `Z` or `±HH:MM` when given). A time without an
 * offset stays without one, so the reader's time-zone policy decides, as before. A single left-to-right pass over at
 * most {@link MAX_LASTMOD_CHARS} characters: no regex.
 */
export function normalizeLastmod(raw: string): string | null {
  const value = raw.trim();
  if (value.length < 4 || value.length > MAX_LASTMOD_CHARS) return null;
  const s = new Cursor(value);

  const year = s.digits(4, 4);
  if (year === null || year < 1 || year > 9999) return null;
  let month = 1;
  let day = 1;
  let fullDate = false;
  if (s.take('-')) {
    const m = s.digits(2, 2);
    if (m === null || m < 1 || m > 12) return null;
    month = m;
    if (s.take('-')) {
      const d = s.digits(2, 2);
      if (d === null || d < 1 || d > daysIn(year, month)) return null;
      day = d;
      fullDate = true;
    } else if (!s.atEnd()) return null;
  }
  const date = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
  if (s.atEnd()) return date;
  // Only a full date may carry a time (W3C datetime); "2024-05T10:00" is not a date.
  if (!fullDate || !(s.take('T') || s.take('t') || s.take(' '))) return null;

  const hour = s.digits(2, 2);
  if (hour === null || hour > 23 || !s.take(':')) return null;
  const minute = s.digits(2, 2);
  if (minute === null || minute > 59) return null;
  let time = `${pad(hour, 2)}:${pad(minute, 2)}`;
  if (s.take(':')) {
    const second = s.digits(2, 2);
    if (second === null || second > 59) return null;
    time += `:${pad(second, 2)}`;
    if (s.take('.') || s.take(',')) {
      const fraction = s.digitText(1, 9);
      if (fraction === null) return null;
      // PostgreSQL keeps microseconds; more digits would only be rounded away.
      time += `.${fraction.slice(0, 6)}`;
    }
  }
  s.spaces();
  if (s.atEnd()) return `${date}T${time}`;
  if (s.take('Z') || s.take('z')) return s.atEnd() ? `${date}T${time}Z` : null;
  const sign = s.take('+') ? '+' : s.take('-') ? '-' : null;
  if (sign === null) return null;
  const offsetHours = s.digits(2, 2);
  if (offsetHours === null || offsetHours > 14) return null;
  s.take(':');
  const offsetMinutes = s.digits(2, 2);
  if (offsetMinutes === null || offsetMinutes > 59 || !s.atEnd()) return null;
  // Real offsets run from -12:00 to +14:00; anything past 14:00 is a typo PostgreSQL may or may not take.
  if (offsetHours === 14 && offsetMinutes > 0) return null;
  return `${date}T${time}${sign}${pad(offsetHours, 2)}:${pad(offsetMinutes, 2)}`;
}

/** Longer than any W3C datetime with a nine-digit fraction and spaces: not a date. */
export const MAX_LASTMOD_CHARS = 64;

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

function daysIn(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

class Cursor {
  private pos = 0;

  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.pos === this.text.length;
  }

  take(char: string): boolean {
    if (this.text[this.pos] !== char) return false;
    this.pos += 1;
    return true;
  }

  spaces(): void {
    while (this.text[this.pos] === ' ') this.pos += 1;
  }

  digitText(min: number, max: number): string | null {
    const start = this.pos;
    while (this.pos - start < max && this.pos < this.text.length) {
      const c = this.text.charCodeAt(this.pos);
      if (c < 0x30 || c > 0x39) break;
      this.pos += 1;
    }
    return this.pos - start < min ? null : this.text.slice(start, this.pos);
  }

  digits(min: number, max: number): number | null {
    // A longer run (a five-digit year) leaves a digit where a separator must follow, so it fails there.
    const text = this.digitText(min, max);
    return text === null ? null : Number(text);
  }
}
