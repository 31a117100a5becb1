/**
 * The three e-mail shapes the extractor finds in visible text, scanned outward from each `@`, `[at]` or ` AT ` in
 * one pass: linear in the text. They return exactly what these regexes matched with `matchAll`, which were quadratic
 * on runs like `a.a.a.…` (every start position re-scanned the run; 64 KiB took 34 s):
 *
 *   plain:     /[a-z0-9._%+-]+@(?:[a-z0-9-]+\.)+[a-z]{2,}/gi
 *   bracketed: /([a-z0-9._%+-]+)\s*[[({]\s*at\s*[\])}]\s*([a-z0-9-]+(?:\s*(?:[[({]\s*dot\s*[\])}]|\.)\s*[a-z0-9-]+)+)/gi
 *   spaced:    /\b([A-Za-z0-9._%+-]+) AT ([A-Za-z0-9-]+(?: DOT [A-Za-z0-9-]+)+)\b/g
 *
 * with one deliberate difference: a local part longer than RFC 5321's 64 characters is not looked at past 65
 * characters, and such a match yields no hit (the filter rejected it anyway). Runs scanned from different anchors
 * never overlap (an anchor ends every run), so the whole scan stays linear.
 */

export interface TextHit {
  at: number;
  end: number;
  value: string;
}

/** RFC 5321 local-part limit. */
const MAX_LOCAL = 64;
/** A bracketed or spaced domain slice longer than this cannot make an address under 254 characters. */
const MAX_DOMAIN_SLICE = 512;

const DOT_WORD = /\s*(?:[[({]\s*dot\s*[\])}]|\.|\bDOT\b)\s*/gi;
/** Finds the `[at]`, `(at)`, `{ at }` tokens; linear (each bracket's whitespace is its own). */
const AT_TOKEN = /[[({]\s*at\s*[\])}]/g;

function isLowerLocal(c: number): boolean {
  // a-z 0-9 . _ % + -
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 46 || c === 95 || c === 37 || c === 43 || c === 45;
}

function isLowerLabel(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45;
}

function isLowerLetter(c: number): boolean {
  return c >= 97 && c <= 122;
}

function isMixedLocal(c: number): boolean {
  return isLowerLocal(c) || (c >= 65 && c <= 90);
}

function isMixedLabel(c: number): boolean {
  return isLowerLabel(c) || (c >= 65 && c <= 90);
}

/** `\w` without the u flag. */
function isWord(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

/** `\s` of JavaScript regular expressions. */
function isSpace(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

function isOpener(c: number): boolean {
  return c === 91 || c === 40 || c === 123;
}

function isCloser(c: number): boolean {
  return c === 93 || c === 41 || c === 125;
}

/** `\b` at `i`: a word character on exactly one side. */
function boundary(text: string, i: number): boolean {
  const before = i > 0 && isWord(text.charCodeAt(i - 1));
  const after = i < text.length && isWord(text.charCodeAt(i));
  return before !== after;
}

/**
 * Start of the local part ending at `end` (exclusive), not before `floor`: the run of local characters, looked at for
 * at most 65 characters. Returns -1 for an empty local part, -2 for one longer than 64 characters.
 */
function localStart(text: string, end: number, floor: number, isLocal: (c: number) => boolean): number {
  const limit = Math.max(floor, end - MAX_LOCAL - 1);
  let s = end;
  while (s > limit && isLocal(text.charCodeAt(s - 1))) s -= 1;
  if (s === end) return -1;
  return end - s > MAX_LOCAL ? -2 : s;
}

/** `(?:[a-z0-9-]+\.)+[a-z]{2,}` from `i`, greedy with backtracking: end of the match or -1. */
function plainDomainEnd(lower: string, i: number): number {
  let best = -1;
  let segStart = i;
  let j = i;
  while (j < lower.length) {
    const c = lower.charCodeAt(j);
    if (c === 46) {
      // An empty label ends the run of labels.
      if (j === segStart) break;
      let t = j + 1;
      while (t < lower.length && isLowerLetter(lower.charCodeAt(t))) t += 1;
      if (t - (j + 1) >= 2) best = t;
      segStart = j + 1;
      j += 1;
      continue;
    }
    if (!isLowerLabel(c)) break;
    j += 1;
  }
  return best;
}

/** `name@domain.tld` in `lower` (the text with A-Z lowered, same length). */
export function plainEmails(lower: string, maxHits: number): TextHit[] {
  const hits: TextHit[] = [];
  let lastEnd = 0;
  let from = 0;
  while (hits.length < maxHits) {
    const at = lower.indexOf('@', from);
    if (at < 0) break;
    from = at + 1;
    const start = localStart(lower, at, lastEnd, isLowerLocal);
    if (start === -1) continue;
    const end = plainDomainEnd(lower, at + 1);
    if (end < 0) continue;
    lastEnd = end;
    from = end;
    if (start >= 0) hits.push({ at: start, end, value: lower.slice(start, end) });
  }
  return hits;
}

function skipSpaces(text: string, i: number): number {
  while (i < text.length && isSpace(text.charCodeAt(i))) i += 1;
  return i;
}

function labelEnd(text: string, i: number, isLabel: (c: number) => boolean): number {
  while (i < text.length && isLabel(text.charCodeAt(i))) i += 1;
  return i;
}

/** `[dot]`-style separator at `i` (after optional spaces): its end, or -1. */
function bracketSeparatorEnd(lower: string, i: number): number {
  const c = lower.charCodeAt(i);
  if (c === 46) return i + 1;
  if (!isOpener(c)) return -1;
  let j = skipSpaces(lower, i + 1);
  if (!lower.startsWith('dot', j)) return -1;
  j = skipSpaces(lower, j + 3);
  return isCloser(lower.charCodeAt(j)) ? j + 1 : -1;
}

/** `name [at] domain [dot] com` and friends in `lower`. */
export function bracketedEmails(lower: string, maxHits: number): TextHit[] {
  const hits: TextHit[] = [];
  let lastEnd = 0;
  AT_TOKEN.lastIndex = 0;
  while (hits.length < maxHits) {
    const token = AT_TOKEN.exec(lower);
    if (!token) break;
    const tokenStart = token.index;
    const tokenEnd = tokenStart + token[0].length;
    if (tokenStart < lastEnd) continue;
    let localEnd = tokenStart;
    while (localEnd > lastEnd && isSpace(lower.charCodeAt(localEnd - 1))) localEnd -= 1;
    const start = localStart(lower, localEnd, lastEnd, isLowerLocal);
    if (start === -1) continue;
    const domainStart = skipSpaces(lower, tokenEnd);
    let end = labelEnd(lower, domainStart, isLowerLabel);
    if (end === domainStart) continue;
    let repeats = 0;
    for (;;) {
      const sepEnd = bracketSeparatorEnd(lower, skipSpaces(lower, end));
      if (sepEnd < 0) break;
      const next = skipSpaces(lower, sepEnd);
      const nextEnd = labelEnd(lower, next, isLowerLabel);
      if (nextEnd === next) break;
      end = nextEnd;
      repeats += 1;
    }
    if (repeats === 0) continue;
    lastEnd = end;
    AT_TOKEN.lastIndex = end;
    if (start < 0 || end - domainStart > MAX_DOMAIN_SLICE) continue;
    hits.push({
      at: start,
      end,
      value: `${lower.slice(start, localEnd)}@${lower.slice(domainStart, end).replace(DOT_WORD, '.')}`,
    });
  }
  return hits;
}

/** `name AT domain DOT com` (upper-case words only, because "meet us at the park" is prose), in the original text. */
export function spacedEmails(text: string, maxHits: number): TextHit[] {
  const hits: TextHit[] = [];
  let lastEnd = 0;
  let from = 0;
  while (hits.length < maxHits) {
    const q = text.indexOf(' AT ', from);
    if (q < 0) break;
    from = q + 1;
    if (q < lastEnd) continue;
    let runStart = q;
    while (runStart > lastEnd && isMixedLocal(text.charCodeAt(runStart - 1))) runStart -= 1;
    // The regex starts at the leftmost word boundary of the run.
    let start = runStart;
    while (start < q && !boundary(text, start)) start += 1;
    if (start === q) continue;
    const domainStart = q + 4;
    const labels: [number, number][] = [];
    let end = labelEnd(text, domainStart, isMixedLabel);
    if (end === domainStart) continue;
    labels.push([domainStart, end]);
    while (text.startsWith(' DOT ', end)) {
      const next = end + 5;
      const nextEnd = labelEnd(text, next, isMixedLabel);
      if (nextEnd === next) break;
      labels.push([next, nextEnd]);
      end = nextEnd;
    }
    // Backtrack for the closing \b: the last label shrinks first, then the last " DOT label" is dropped.
    let matchEnd = -1;
    for (let k = labels.length - 1; k >= 1 && matchEnd < 0; k -= 1) {
      for (let e = labels[k][1]; e > labels[k][0]; e -= 1) {
        if (boundary(text, e)) {
          matchEnd = e;
          break;
        }
      }
    }
    if (matchEnd < 0) continue;
    lastEnd = matchEnd;
    from = matchEnd;
    if (q - start > MAX_LOCAL || matchEnd - domainStart > MAX_DOMAIN_SLICE) continue;
    hits.push({
      at: start,
      end: matchEnd,
      value: `${text.slice(start, q)}@${text.slice(domainStart, matchEnd).replace(DOT_WORD, '.')}`,
    });
  }
  return hits;
}
