/**
 * Phone numbers in visible text, with libphonenumber-js's matcher (Google's PhoneNumberMatcher) doing the
 * judging, but only over the parts of the text that can hold a number. The matcher costs 3-5 µs per character
 * of phone-like text and 15-50 µs per character of digit soup (`1 1 1 1 …`: 64 KiB took 1.3 s), and about
 * 90 µs per call, so it gets one call over a condensed text: every run of digits and phone punctuation with
 * at least {@link MIN_DIGITS} digits, with up to {@link CONTEXT} characters of its real context on each side (the matcher
 * looks at the characters around a candidate), runs joined by " | " (which no number can cross), at most
 * {@link PHONE_SCAN_BUDGET} characters of runs per page. A run longer than {@link MAX_PIECE_CHARS} is a table or noise: it
 * is split at double spaces (block boundaries) and its pieces still over the limit, or over the budget left, are skipped.
 */
import { findPhoneNumbersInText, type CountryCode } from 'libphonenumber-js/max';

import type { TextHit } from './email-scan';

/** Characters handed to the matcher per page, context included: about 50 numbers in prose, at most ~100 ms of digit soup. */
export const PHONE_SCAN_BUDGET = 2048;
/** Fewer digits than this cannot be a dialable number with its country code. */
const MIN_DIGITS = 5;
/** A run longer than this (a couple of dozen numbers in a row) is digit soup or a table: split at double spaces, or skipped. */
const MAX_PIECE_CHARS = 400;
/**
 * Characters of real text kept on each side of a run: the matcher looks at the neighbours of a candidate, and an
 * extension label ("ext.", "extension", "x", "#") joins two runs into one candidate.
 */
const CONTEXT = 12;
/** How far context may reach through short neighbouring runs. */
const MAX_REACH = 64;
const SEPARATOR = ' | ';

function isDigit(c: number): boolean {
  return (
    (c >= 48 && c <= 57) || (c >= 0xff10 && c <= 0xff19) || (c >= 0x660 && c <= 0x669) || (c >= 0x6f0 && c <= 0x6f9)
  );
}

/** libphonenumber-js's VALID_PUNCTUATION and PLUS_CHARS (constants.js). */
function isPhonePunctuation(c: number): boolean {
  switch (c) {
    case 0x2d: // -
    case 0x2212:
    case 0x30fc:
    case 0xff0d:
    case 0xff0f:
    case 0x2f: // /
    case 0xff0e:
    case 0x2e: // .
    case 0x20:
    case 0xa0:
    case 0xad:
    case 0x200b:
    case 0x2060:
    case 0x3000:
    case 0x28: // (
    case 0x29: // )
    case 0xff08:
    case 0xff09:
    case 0xff3b:
    case 0xff3d:
    case 0x5b: // [
    case 0x5d: // ]
    case 0x7e: // ~
    case 0x2053:
    case 0x223c:
    case 0xff5e:
    case 0x2b: // +
    case 0xff0b:
      return true;
    default:
      return c >= 0x2010 && c <= 0x2015;
  }
}

interface Window {
  /** Offset in the condensed text. */
  condensed: number;
  /** Offset in the visible text. */
  original: number;
  length: number;
}

/** Runs of phone characters (a line break or tab ends one: the matcher does not cross them either). */
function* runs(text: string): Generator<[number, number]> {
  let i = 0;
  while (i < text.length) {
    while (i < text.length && !isPhonePunctuation(text.charCodeAt(i)) && !isDigit(text.charCodeAt(i))) i += 1;
    const start = i;
    while (i < text.length && (isPhonePunctuation(text.charCodeAt(i)) || isDigit(text.charCodeAt(i)))) i += 1;
    if (i > start) yield [start, i];
  }
}

function digitsIn(text: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i += 1) if (isDigit(text.charCodeAt(i))) n += 1;
  return n;
}

/** A run, or its pieces between double spaces (block boundaries) when it is too long to be a few numbers. */
function* pieces(text: string, start: number, end: number): Generator<[number, number]> {
  if (end - start <= MAX_PIECE_CHARS) {
    yield [start, end];
    return;
  }
  let from = start;
  let i = start;
  while (i <= end) {
    if (i === end || (text.charCodeAt(i) === 0x20 && i + 1 < end && text.charCodeAt(i + 1) === 0x20)) {
      if (i > from) yield [from, i];
      from = i + 2;
      i += 2;
      continue;
    }
    i += 1;
  }
}

/** The piece without its leading and trailing punctuation, but for two characters ("+(", ")"); null when too long or too few digits. */
function trimmed(text: string, start: number, end: number): [number, number] | null {
  let first = start;
  while (first < end && !isDigit(text.charCodeAt(first))) first += 1;
  let last = end;
  while (last > first && !isDigit(text.charCodeAt(last - 1))) last -= 1;
  if (first >= last) return null;
  const from = Math.max(start, first - 2);
  const to = Math.min(end, last + 2);
  if (to - from > MAX_PIECE_CHARS || digitsIn(text, from, to) < MIN_DIGITS) return null;
  return [from, to];
}

/**
 * Where the window before a number starts: {@link CONTEXT} characters of context, and when those reach more digits (`512,` before
 * `5125550123` makes the number an extension of 512), that run too, up to {@link MAX_REACH} characters back.
 */
function contextStart(text: string, start: number): number {
  const floor = Math.max(0, start - MAX_REACH);
  let from = start;
  for (let context = 0; from > floor && context < CONTEXT; context += 1) {
    if (isDigit(text.charCodeAt(from - 1))) {
      while (from > floor && (isDigit(text.charCodeAt(from - 1)) || isPhonePunctuation(text.charCodeAt(from - 1))))
        from -= 1;
      context = -1;
      continue;
    }
    from -= 1;
  }
  return from;
}

/** {@link contextStart} after the number, where an extension label ("ext.", "extension", "x", "#") may stand before more digits. */
function contextEnd(text: string, end: number): number {
  const ceiling = Math.min(text.length, end + MAX_REACH);
  let to = end;
  for (let context = 0; to < ceiling && context < CONTEXT; context += 1) {
    if (isDigit(text.charCodeAt(to))) {
      while (to < ceiling && (isDigit(text.charCodeAt(to)) || isPhonePunctuation(text.charCodeAt(to)))) to += 1;
      context = -1;
      continue;
    }
    to += 1;
  }
  return to;
}

/** Phone numbers the matcher finds in `text`, positioned in `text`, at most `maxHits`. */
export function textPhones(text: string, country: CountryCode | undefined, maxHits: number): TextHit[] {
  const windows: Window[] = [];
  const chunks: string[] = [];
  let condensedLength = 0;
  let budget = PHONE_SCAN_BUDGET;
  let lastEnd = 0;
  outer: for (const [runStart, runEnd] of runs(text)) {
    for (const [pieceStart, pieceEnd] of pieces(text, runStart, runEnd)) {
      const piece = trimmed(text, pieceStart, pieceEnd);
      if (!piece) continue;
      const [start, end] = piece;
      // Already inside the previous window, which reached through it.
      if (end <= lastEnd) continue;
      const from = contextStart(text, start);
      const to = contextEnd(text, end);
      // Context shared with the previous window: one window, so each number sees its real neighbours.
      const merge = windows.length > 0 && from <= lastEnd;
      const slice = text.slice(merge ? lastEnd : from, to);
      const separator = merge || windows.length === 0 ? '' : SEPARATOR;
      // Everything handed to the matcher counts, context included; a run too long for what is left is skipped.
      if (slice.length > budget) {
        if (budget < 4 * CONTEXT) break outer;
        continue;
      }
      budget -= slice.length;
      if (merge) windows[windows.length - 1].length += slice.length;
      else windows.push({ condensed: condensedLength + separator.length, original: from, length: slice.length });
      chunks.push(separator, slice);
      condensedLength += separator.length + slice.length;
      lastEnd = to;
    }
  }
  if (windows.length === 0) return [];
  const condensed = chunks.join('');
  const hits: TextHit[] = [];
  let w = 0;
  for (const found of findPhoneNumbersInText(condensed, country ? { defaultCountry: country } : undefined)) {
    while (w < windows.length - 1 && windows[w + 1].condensed <= found.startsAt) w += 1;
    const window = windows[w];
    const at = window.original + (found.startsAt - window.condensed);
    const end = window.original + Math.min(window.length, found.endsAt - window.condensed);
    hits.push({ at, end, value: text.slice(at, end) });
    if (hits.length >= maxHits) break;
  }
  return hits;
}
