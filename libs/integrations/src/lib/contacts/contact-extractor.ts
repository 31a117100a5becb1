/**
 * WF7 contact extraction (issue 7; reference-system.md §6 "WF7 page curation", §8 item 11). The reference ran one
 * regex over raw HTML, scripts included, so asset names became e-mails, one arbitrary address survived per page and
 * missing phones became the literal "Phone not found". This parses the page instead and returns every distinct
 * contact in document order. Pure: no network, no database.
 */
import { load } from 'cheerio';
import type { AnyNode } from 'domhandler';
import { findPhoneNumbersInText, isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { CountryCode } from 'libphonenumber-js/max';
import { decodeCloudflareEmail } from './cloudflare-email';
import { classifyEmail } from './email-classification';
import type { ContactEmailType } from './email-classification';
import { isContactEmail } from './email-filters';

export type EmailSource = 'mailto' | 'text' | 'obfuscated' | 'cloudflare' | 'json-ld';
export type PhoneSource = 'tel' | 'text' | 'json-ld';

export interface ExtractedEmail {
  /** Lowercased. */
  email: string;
  email_type: ContactEmailType;
  has_gmail: boolean;
  source: EmailSource;
  /** Up to 200 characters of visible text around the address ('' when it never shows on the page). */
  context: string;
}

export interface ExtractedPhone {
  e164: string;
  raw: string;
  source: PhoneSource;
}

export interface ExtractedContacts {
  emails: ExtractedEmail[];
  phones: ExtractedPhone[];
}

export interface ExtractContactsOptions {
  pageUrl: string;
  /** The business's country where known; otherwise guessed from the page's country-code TLD. */
  defaultCountry?: CountryCode;
}

export const CONTEXT_MAX_LENGTH = 200;

// Never visible; JSON-LD scripts (often in <head>, so <head> itself is walked) are read before this check.
const HIDDEN_TAGS: ReadonlySet<string> = new Set(['script', 'style', 'noscript', 'template', 'title', 'meta', 'link', 'svg', 'iframe', 'object', 'select', 'textarea']);

// Block boundaries become spaces so `<p>Call</p><p>info@x.com</p>` does not glue words onto addresses.
const BLOCK_TAGS: ReadonlySet<string> = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'dd', 'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'form',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'table', 'tbody', 'td',
  'tfoot', 'th', 'thead', 'tr', 'ul', 'button', 'label', 'option', 'input',
]);

const TEXT_EMAIL = /[a-z0-9._%+-]+@(?:[a-z0-9-]+\.)+[a-z]{2,}/gi;
// `name [at] domain [dot] com`, `name (at) domain.com`, `name {at} domain {dot} co {dot} uk`.
const BRACKET_AT = /([a-z0-9._%+-]+)\s*[[({]\s*at\s*[\])}]\s*([a-z0-9-]+(?:\s*(?:[[({]\s*dot\s*[\])}]|\.)\s*[a-z0-9-]+)+)/gi;
// `name AT domain DOT com`: only upper-case, space-separated words, because "meet us at the park" is prose.
const SPACED_AT = /\b([A-Za-z0-9._%+-]+) AT ([A-Za-z0-9-]+(?: DOT [A-Za-z0-9-]+)+)\b/g;
const DOT_WORD = /\s*(?:[[({]\s*dot\s*[\])}]|\.|\bDOT\b)\s*/gi;

// Country-code TLDs whose country differs from the upper-cased TLD, plus the generic fallbacks we refuse to guess.
const TLD_COUNTRY: Readonly<Record<string, CountryCode>> = { uk: 'GB' };

interface Hit<S> {
  /** Offset into the visible text where the hit belongs, to order structured hits among text hits. */
  at: number;
  value: string;
  source: S;
  /** End of the hit in the visible text (equal to `at` for links, widgets and JSON-LD). */
  end: number;
}

interface Collected {
  text: string;
  emails: Hit<EmailSource>[];
  phones: Hit<PhoneSource>[];
}

export function extractContacts(html: string, options: ExtractContactsOptions): ExtractedContacts {
  const country = options.defaultCountry ?? countryFromUrl(options.pageUrl);
  const collected = collect(html);
  const { text } = collected;

  const emailHits: Hit<EmailSource>[] = [...collected.emails];
  for (const m of text.matchAll(TEXT_EMAIL)) emailHits.push({ at: m.index, end: m.index + m[0].length, value: trimEmail(m[0]), source: 'text' });
  for (const m of text.matchAll(BRACKET_AT)) emailHits.push({ at: m.index, end: m.index + m[0].length, value: `${m[1]}@${m[2].replace(DOT_WORD, '.')}`, source: 'obfuscated' });
  for (const m of text.matchAll(SPACED_AT)) emailHits.push({ at: m.index, end: m.index + m[0].length, value: `${m[1]}@${m[2].replace(DOT_WORD, '.')}`, source: 'obfuscated' });

  const phoneHits: Hit<PhoneSource>[] = [...collected.phones];
  for (const found of findPhoneNumbersInText(text, country ? { defaultCountry: country } : undefined)) {
    phoneHits.push({ at: found.startsAt, end: found.endsAt, value: text.slice(found.startsAt, found.endsAt), source: 'text' });
  }

  return { emails: toEmails(emailHits, text), phones: toPhones(phoneHits, country) };
}

function toEmails(hits: Hit<EmailSource>[], text: string): ExtractedEmail[] {
  // Stable sort keeps a link's own hit ahead of the same address in its link text.
  const ordered = [...hits].sort((a, b) => a.at - b.at);
  const seen = new Set<string>();
  const out: ExtractedEmail[] = [];
  for (const hit of ordered) {
    const email = hit.value.toLowerCase();
    if (seen.has(email) || !isContactEmail(email)) continue;
    seen.add(email);
    out.push({ email, ...classifyEmail(email), source: hit.source, context: contextFor(email, hit, text) });
  }
  return out;
}

function toPhones(hits: Hit<PhoneSource>[], country: CountryCode | undefined): ExtractedPhone[] {
  const ordered = [...hits].sort((a, b) => a.at - b.at);
  const seen = new Set<string>();
  const out: ExtractedPhone[] = [];
  for (const hit of ordered) {
    const raw = hit.value.trim();
    const parsed = parsePhoneNumberFromString(raw, country);
    if (!parsed || !parsed.isValid()) continue;
    if (seen.has(parsed.number)) continue;
    seen.add(parsed.number);
    out.push({ e164: parsed.number, raw, source: hit.source });
  }
  return out;
}

/** Visible text around the address itself where it shows, else around the link or widget that carried it. */
function contextFor(email: string, hit: Hit<EmailSource>, text: string): string {
  const shown = text.toLowerCase().indexOf(email);
  if (shown >= 0) return window(text, shown, shown + email.length);
  if (hit.source === 'json-ld') return '';
  return window(text, hit.at, hit.end);
}

function window(text: string, start: number, end: number): string {
  const span = Math.max(0, end - start);
  const pad = Math.max(0, Math.floor((CONTEXT_MAX_LENGTH - span) / 2));
  const from = Math.max(0, start - pad);
  return text.slice(from, from + CONTEXT_MAX_LENGTH).replace(/\s+/g, ' ').trim().slice(0, CONTEXT_MAX_LENGTH);
}

function trimEmail(value: string): string {
  // A sentence-final period or a stray hyphen is not part of the domain.
  return value.replace(/[.-]+$/, '');
}

/** One document-order walk: visible text plus structured hits positioned where they occur in it. */
function collect(html: string): Collected {
  // htmlparser2 in HTML mode parses ~4x faster than the default parse5 (2 ms vs 8 ms for a 60 KB page, see
  // docs/benchmarks.md); text extraction does not need parse5's full HTML5 tree repair.
  const $ = load(html, { xml: { xmlMode: false, decodeEntities: true } });
  const out: Collected = { text: '', emails: [], phones: [] };
  const parts: string[] = [];
  let length = 0;
  const append = (s: string): void => {
    parts.push(s);
    length += s.length;
  };

  const visit = (node: AnyNode): void => {
    if (node.nodeType === 3 && 'data' in node) {
      append(node.data);
      return;
    }
    if (!('attribs' in node) || !('name' in node)) {
      if ('children' in node) for (const child of node.children) visit(child);
      return;
    }
    const tag = node.name.toLowerCase();
    const attribs = node.attribs;
    if (tag === 'script' && (attribs['type'] ?? '').toLowerCase().includes('ld+json')) {
      readJsonLd($(node).text(), length, out);
      return;
    }
    if (HIDDEN_TAGS.has(tag)) return;
    readAttributes(attribs, length, out);
    const block = BLOCK_TAGS.has(tag);
    if (block) append(' ');
    for (const child of node.children) visit(child);
    if (block) append(' ');
  };

  visit($.root()[0]);
  out.text = parts.join('');
  return out;
}

function readAttributes(attribs: Record<string, string>, at: number, out: Collected): void {
  const href = (attribs['href'] ?? '').trim();
  const lower = href.toLowerCase();
  if (lower.startsWith('mailto:')) {
    for (const email of mailtoAddresses(href)) out.emails.push({ at, end: at, value: email, source: 'mailto' });
  } else if (lower.startsWith('tel:') || lower.startsWith('callto:')) {
    const raw = safeDecode(href.slice(href.indexOf(':') + 1)).trim();
    if (raw) out.phones.push({ at, end: at, value: raw, source: 'tel' });
  } else if (lower.includes('/cdn-cgi/l/email-protection#')) {
    const decoded = decodeCloudflareEmail(href.slice(href.indexOf('#') + 1));
    if (decoded) out.emails.push({ at, end: at, value: decoded, source: 'cloudflare' });
  }
  const cf = attribs['data-cfemail'];
  if (cf) {
    const decoded = decodeCloudflareEmail(cf);
    if (decoded) out.emails.push({ at, end: at, value: decoded, source: 'cloudflare' });
  }
}

/** `mailto:a@x.com,b@x.com?subject=Hi&cc=c@x.com`: the path's addresses plus `cc`/`bcc`/`to` headers. */
export function mailtoAddresses(href: string): string[] {
  const body = href.replace(/^mailto:/i, '');
  const q = body.indexOf('?');
  const path = q >= 0 ? body.slice(0, q) : body;
  const query = q >= 0 ? body.slice(q + 1) : '';
  const lists = [safeDecode(path)];
  for (const pair of query.split('&')) {
    const eq = pair.indexOf('=');
    if (eq < 0) continue;
    const key = pair.slice(0, eq).toLowerCase();
    if (key === 'to' || key === 'cc' || key === 'bcc') lists.push(safeDecode(pair.slice(eq + 1).replace(/\+/g, ' ')));
  }
  return lists
    .flatMap((list) => list.split(/[,;]/))
    .map((s) => s.trim().replace(/^<|>$/g, ''))
    .filter((s) => s.includes('@'));
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    // A stray `%` in hand-written HTML; the undecoded value is still the best reading.
    return value;
  }
}

function readJsonLd(source: string, at: number, out: Collected): void {
  let data: unknown;
  try {
    data = JSON.parse(source);
  } catch {
    // Broken JSON-LD is common (trailing commas, CMS templating); the rest of the page still counts.
    return;
  }
  const stack: unknown[] = [data];
  const seen = new Set<unknown>();
  while (stack.length > 0) {
    const value = stack.pop();
    if (value === null || typeof value !== 'object' || seen.has(value)) continue;
    seen.add(value);
    if (Array.isArray(value)) {
      // Reverse so pop() visits array items in document order.
      for (let i = value.length - 1; i >= 0; i--) stack.push(value[i]);
      continue;
    }
    const record = value as Record<string, unknown>;
    for (const email of strings(record['email'])) {
      out.emails.push({ at, end: at, value: safeDecode(email.replace(/^mailto:/i, '')).trim(), source: 'json-ld' });
    }
    for (const phone of strings(record['telephone'])) {
      out.phones.push({ at, end: at, value: phone.replace(/^tel:/i, ''), source: 'json-ld' });
    }
    const children = Object.values(record);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

/** Country from a country-code TLD (`.co.uk` → GB, `.de` → DE); generic TLDs give none, so only `+` numbers parse. */
export function countryFromUrl(pageUrl: string): CountryCode | undefined {
  let host: string;
  try {
    host = new URL(pageUrl).hostname.toLowerCase();
  } catch {
    return undefined;
  }
  const tld = host.slice(host.lastIndexOf('.') + 1);
  if (!/^[a-z]{2}$/.test(tld)) return undefined;
  const mapped = TLD_COUNTRY[tld];
  if (mapped) return mapped;
  const upper = tld.toUpperCase();
  return isCountryCode(upper) ? upper : undefined;
}

function isCountryCode(code: string): code is CountryCode {
  return isSupportedCountry(code);
}
