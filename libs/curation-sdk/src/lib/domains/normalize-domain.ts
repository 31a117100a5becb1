import { parse } from 'tldts';

export enum DomainRejection {
  Missing = 'missing',
  Blank = 'blank',
  Unparseable = 'unparseable',
  NotWebScheme = 'not_web_scheme',
  IpAddress = 'ip_address',
  NoPublicSuffix = 'no_public_suffix',
}

export type DomainNormalization = { ok: true; domain: string } | { ok: false; rejection: DomainRejection; message: string };

const MAX_QUOTED_CHARS = 200;
// trim() covers NBSP and the Unicode space separators, but not the zero-width characters that come with pasted rich text.
const EDGE_JUNK = /^[\s\u200B-\u200D\u2060]+|[\s\u200B-\u200D\u2060]+$/g;
// `localhost:3000` would otherwise read as scheme `localhost:`; dots are excluded so `example.com:8080` is never a scheme.
const HAS_SCHEME = /^[a-z][a-z0-9+-]*:(?!\d+(?:[/?#\\]|$))/i;
const WEB_SCHEMES = new Set(['http:', 'https:']);

const quote = (value: string): string =>
  JSON.stringify(value.length > MAX_QUOTED_CHARS ? `${value.slice(0, MAX_QUOTED_CHARS)}…` : value);

const reject = (rejection: DomainRejection, message: string): DomainNormalization => ({ ok: false, rejection, message });

/**
 * The one way to derive a domain from a website URL or a user-typed domain.
 * `label` names the field in the missing/blank messages.
 */
export function normalizeDomain(input: string | null | undefined, label = 'website_url'): DomainNormalization {
  if (input === null || input === undefined) return reject(DomainRejection.Missing, `${label} is missing`);
  const trimmed = input.replace(EDGE_JUNK, '');
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
  const host = url.hostname.replace(/\.$/, '').replace(/^www\./, '');
  // tldts silently tolerates empty labels (`.example.com`, `example.com..`), so they are caught here.
  if (host.split('.').includes('')) {
    return reject(DomainRejection.Unparseable, `${quote(trimmed)} has no valid host name`);
  }

  const parsed = parse(host, { allowPrivateDomains: true });
  if (parsed.isIp) return reject(DomainRejection.IpAddress, `host ${quote(host)} is an IP address, not a domain`);
  // tldts nulls every field when its own hostname validation fails (bad characters, labels over 63 chars).
  if (parsed.isIcann === null) return reject(DomainRejection.Unparseable, `host ${quote(host)} is not a valid host name`);
  const knownSuffix = parsed.isIcann === true || parsed.isPrivate === true;
  if (parsed.domain === null || !knownSuffix) {
    const why = knownSuffix ? 'is itself a public suffix, not a domain' : 'has no public suffix';
    return reject(DomainRejection.NoPublicSuffix, `host ${quote(host)} ${why}`);
  }
  return { ok: true, domain: host };
}
