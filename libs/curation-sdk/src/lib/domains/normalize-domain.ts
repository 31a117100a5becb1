import { parse } from 'tldts';

import { describePlatformWebsite, platformWebsiteOf } from './match-platform-website';
import { PlatformWebsite } from './platform-websites';

export enum DomainRejection {
  Missing = 'missing',
  Blank = 'blank',
  Unparseable = 'unparseable',
  NotWebScheme = 'not_web_scheme',
  IpAddress = 'ip_address',
  NoPublicSuffix = 'no_public_suffix',
  /** A social profile, listing, short link, free builder site, ...: see platform-websites.ts. */
  Platform = 'platform',
}

export type DomainNormalization =
  | { ok: true; domain: string }
  | { ok: false; rejection: DomainRejection; message: string; platform?: PlatformWebsite };

const MAX_QUOTED_CHARS = 200;
/** RFC 1035 host name length without the trailing dot; neither WHATWG nor tldts (255) enforces it. */
const MAX_HOST_CHARS = 253;
// trim() covers NBSP and the Unicode space separators, but not the zero-width characters that come with pasted rich text.
// Tested one character at a time: `[...]+$` as a regex backtracks over every inner run (40 KB of spaces: 2.8 s).
const EDGE_CHAR = /^[\s\u200B-\u200D\u2060]$/;
// `localhost:3000` would otherwise read as scheme `localhost:`; dots are excluded so `example.com:8080` is never a scheme.
const HAS_SCHEME = /^[a-z][a-z0-9+-]*:(?!\d+(?:[/?#\\]|$))/i;
const WEB_SCHEMES = new Set(['http:', 'https:']);

const quote = (value: string): string =>
  JSON.stringify(value.length > MAX_QUOTED_CHARS ? `${value.slice(0, MAX_QUOTED_CHARS)}…` : value);

const reject = (rejection: DomainRejection, message: string): DomainNormalization => ({
  ok: false,
  rejection,
  message,
});

function trimEdges(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && EDGE_CHAR.test(value.charAt(start))) start += 1;
  while (end > start && EDGE_CHAR.test(value.charAt(end - 1))) end -= 1;
  return value.slice(start, end);
}

/**
 * The one way to derive a domain from a website URL or a user-typed domain.
 * `label` names the field in the missing/blank messages.
 */
export function normalizeDomain(input: string | null | undefined, label = 'website_url'): DomainNormalization {
  if (input === null || input === undefined) return reject(DomainRejection.Missing, `${label} is missing`);
  const trimmed = trimEdges(input);
  if (trimmed === '') return reject(DomainRejection.Blank, `${label} is blank`);

  let candidate = `http://${trimmed}`;
  if (trimmed.startsWith('//')) candidate = `http:${trimmed}`;
  else if (HAS_SCHEME.test(trimmed)) candidate = trimmed;

  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return reject(DomainRejection.Unparseable, `${quote(trimmed)} is not a valid URL`);
  }
  if (!WEB_SCHEMES.has(url.protocol)) {
    return reject(DomainRejection.NotWebScheme, `${quote(trimmed)} is not a website (scheme ${url.protocol})`);
  }

  // WHATWG has already lowercased, punycoded, dropped userinfo/port and turned numeric IPv4 forms into dotted quads.
  // Every leading `www` label goes, not just one, so that a result normalises to itself.
  const host = url.hostname.replace(/\.$/, '').replace(/^(?:www\.)+/, '');
  // tldts silently tolerates empty labels (`.example.com`, `example.com..`), so they are caught here.
  if (host.split('.').includes('')) {
    return reject(DomainRejection.Unparseable, `${quote(trimmed)} has no valid host name`);
  }
  if (host.length > MAX_HOST_CHARS) {
    return reject(DomainRejection.Unparseable, `host ${quote(host)} is longer than ${MAX_HOST_CHARS} characters`);
  }

  const parsed = parse(host, { allowPrivateDomains: true });
  if (parsed.isIp) return reject(DomainRejection.IpAddress, `host ${quote(host)} is an IP address, not a domain`);
  // tldts nulls every field when its own hostname validation fails (bad characters, labels over 63 chars).
  if (parsed.isIcann === null)
    return reject(DomainRejection.Unparseable, `host ${quote(host)} is not a valid host name`);
  // Before the public-suffix test, so that a builder the PSL lists as a private suffix (`wixsite.com`) is named.
  const platform = platformWebsiteOf(host);
  if (platform !== null) {
    const message = `${quote(trimmed)} is ${describePlatformWebsite(platform)}, not the business's own site`;
    return { ok: false, rejection: DomainRejection.Platform, message, platform };
  }
  const knownSuffix = parsed.isIcann === true || parsed.isPrivate === true;
  if (parsed.domain === null || !knownSuffix) {
    const why = knownSuffix ? 'is itself a public suffix, not a domain' : 'has no public suffix';
    return reject(DomainRejection.NoPublicSuffix, `host ${quote(host)} ${why}`);
  }
  return { ok: true, domain: host };
}
