/**
 * WF7 contact extraction (issue 7; reference-system.md §6 "WF7 page curation", §8 item 11). The reference ran one
 * regex over raw HTML, scripts included, so asset names became e-mails, one arbitrary address survived per page and
 * missing phones became the literal "Phone not found". This reads the page's visible text and links instead and
 * returns every distinct contact in document order. Pure: no network, no database.
 *
 * Every page is hostile input (issue 12): the HTML is read in one streaming pass (html-text.ts), the text scanners
 * are linear (email-scan.ts, phone-scan.ts) and every collection is capped, so time and memory grow linearly with
 * the page and output never exceeds {@link CONTACT_LIMITS}.
 */
import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

import { decodeCloudflareEmail } from './cloudflare-email';
import { classifyEmail, type ContactEmailType } from './email-classification';
import { isContactEmail } from './email-filters';
import { bracketedEmails, plainEmails, spacedEmails, type TextHit } from './email-scan';
import { MAX_VISIBLE_TEXT_CHARS, readPage } from './html-text';
import { PHONE_SCAN_BUDGET, textPhones } from './phone-scan';

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

/** What one page can cost and yield; beyond these the rest of the page is ignored (documented in docs/operations.md). */
export const CONTACT_LIMITS = {
  /** HTML characters read; WF7's page byte cap is below it, this guards other callers. */
  maxHtmlChars: 16 * 1024 * 1024,
  /** Visible text scanned for e-mails and phones. */
  maxVisibleTextChars: MAX_VISIBLE_TEXT_CHARS,
  /** Phone-like text handed to libphonenumber's matcher. */
  phoneScanBudget: PHONE_SCAN_BUDGET,
  /** Candidates per kind (links, text matches, JSON-LD values) collected per page. */
  maxCandidates: 5000,
  /** Distinct phone strings parsed and validated per page (about 30 µs each). */
  maxPhoneParses: 500,
  emailsPerPage: 200,
  phonesPerPage: 50,
  /** JSON-LD e-mail and telephone values longer than this are not addresses or numbers. */
  maxValueChars: 1000,
  /** Characters searched for an address shown in the text that the text scan did not match itself. */
  contextSearchBudget: 4_000_000,
} as const;

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
  const collected = collect(
    html.length > CONTACT_LIMITS.maxHtmlChars ? html.slice(0, CONTACT_LIMITS.maxHtmlChars) : html,
  );
  const { text } = collected;
  // Lower-cased once, A-Z only, so offsets in `lower` are offsets in `text`.
  const lower = text.replace(/[A-Z]+/g, (s) => s.toLowerCase());
  const max = CONTACT_LIMITS.maxCandidates;

  const emailHits: Hit<EmailSource>[] = collected.emails;
  const plain = plainEmails(lower, max);
  const shown = new Map<string, TextHit>();
  for (const hit of plain) {
    if (!shown.has(hit.value)) shown.set(hit.value, hit);
    emailHits.push({ ...hit, source: 'text' });
  }
  for (const hit of bracketedEmails(lower, max)) emailHits.push({ ...hit, source: 'obfuscated' });
  for (const hit of spacedEmails(text, max)) emailHits.push({ ...hit, source: 'obfuscated' });

  const phoneHits: Hit<PhoneSource>[] = collected.phones;
  for (const hit of textPhones(text, country, max)) phoneHits.push({ ...hit, source: 'text' });

  return { emails: toEmails(emailHits, text, lower, shown), phones: toPhones(phoneHits, country) };
}

function toEmails(
  hits: Hit<EmailSource>[],
  text: string,
  lower: string,
  shown: ReadonlyMap<string, TextHit>,
): ExtractedEmail[] {
  // Stable sort keeps a link's own hit ahead of the same address in its link text.
  const ordered = [...hits].sort((a, b) => a.at - b.at);
  const seen = new Set<string>();
  const out: ExtractedEmail[] = [];
  const search = { budget: CONTACT_LIMITS.contextSearchBudget };
  for (const hit of ordered) {
    if (out.length >= CONTACT_LIMITS.emailsPerPage) break;
    if (hit.value.length > 320) continue;
    const email = hit.value.toLowerCase();
    if (seen.has(email)) continue;
    seen.add(email);
    if (!isContactEmail(email)) continue;
    out.push({
      email,
      ...classifyEmail(email),
      source: hit.source,
      context: contextFor(email, hit, text, lower, shown, search),
    });
  }
  return out;
}

function toPhones(hits: Hit<PhoneSource>[], country: CountryCode | undefined): ExtractedPhone[] {
  const ordered = [...hits].sort((a, b) => a.at - b.at);
  const tried = new Set<string>();
  const seen = new Set<string>();
  const out: ExtractedPhone[] = [];
  for (const hit of ordered) {
    if (out.length >= CONTACT_LIMITS.phonesPerPage || tried.size >= CONTACT_LIMITS.maxPhoneParses) break;
    const raw = hit.value.trim();
    if (raw.length > 100 || tried.has(raw)) continue;
    tried.add(raw);
    const parsed = parsePhoneNumberFromString(raw, country);
    if (!parsed || !parsed.isValid()) continue;
    if (seen.has(parsed.number)) continue;
    seen.add(parsed.number);
    out.push({ e164: parsed.number, raw, source: hit.source });
  }
  return out;
}

/** Visible text around the address itself where it shows, else around the link or widget that carried it. */
function contextFor(
  email: string,
  hit: Hit<EmailSource>,
  text: string,
  lower: string,
  shown: ReadonlyMap<string, TextHit>,
  search: { budget: number },
): string {
  const match = shown.get(email);
  if (match) return window(text, match.at, match.end);
  // Shown, but not as a match of its own (`xinfo@acme.com` for info@acme.com); searched within a budget per page.
  if (search.budget >= lower.length) {
    search.budget -= lower.length;
    const at = lower.indexOf(email);
    if (at >= 0) return window(text, at, at + email.length);
  }
  if (hit.source === 'json-ld') return '';
  return window(text, hit.at, hit.end);
}

function window(text: string, start: number, end: number): string {
  const span = Math.max(0, end - start);
  const pad = Math.max(0, Math.floor((CONTEXT_MAX_LENGTH - span) / 2));
  const from = Math.max(0, start - pad);
  return text
    .slice(from, from + CONTEXT_MAX_LENGTH)
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, CONTEXT_MAX_LENGTH);
}

/** One streaming pass: visible text plus structured hits positioned where they occur in it. */
function collect(html: string): Collected {
  const out: Collected = { text: '', emails: [], phones: [] };
  out.text = readPage(html, {
    element: (attribs, at) => readAttributes(attribs, at, out),
    jsonLd: (source, at) => readJsonLd(source, at, out),
  });
  return out;
}

function readAttributes(attribs: Readonly<Record<string, string>>, at: number, out: Collected): void {
  if (out.emails.length >= CONTACT_LIMITS.maxCandidates || out.phones.length >= CONTACT_LIMITS.maxCandidates) return;
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
  if (out.emails.length >= CONTACT_LIMITS.maxCandidates || out.phones.length >= CONTACT_LIMITS.maxCandidates) return;
  let data: unknown;
  try {
    data = JSON.parse(source);
  } catch {
    // Broken JSON-LD is common (trailing commas, CMS templating); the rest of the page still counts.
    return;
  }
  const stack: unknown[] = [data];
  const seen = new Set<unknown>();
  while (
    stack.length > 0 &&
    out.emails.length < CONTACT_LIMITS.maxCandidates &&
    out.phones.length < CONTACT_LIMITS.maxCandidates
  ) {
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
  const fits = (v: unknown): v is string => typeof v === 'string' && v.length <= CONTACT_LIMITS.maxValueChars;
  if (fits(value)) return [value];
  if (Array.isArray(value)) return value.filter(fits);
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
