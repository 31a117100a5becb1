/**
 * Longest URL accepted for a page or sitemap: the sitemaps.org limit, which WF5 applies to the pages it writes too.
 * It also keeps `(domain_id, url)` index rows well under PostgreSQL's btree row limit (about 2,700 bytes).
 */
export const MAX_WEB_URL_LENGTH = 2048;

/** Longest sitemap URL: WF4 records nothing longer, so a submitted one cannot be a row discovery never matches. */
export const MAX_SITEMAP_URL_LENGTH = 2000;

const MAX_QUOTED_CHARS = 200;

export type WebUrlResult =
  | { readonly ok: true; readonly url: string }
  | { readonly ok: false; readonly message: string };

/** A value for a message: JSON-quoted (control characters escaped) and shortened, never echoed raw. */
export function quoteValue(value: string): string {
  return JSON.stringify(value.length > MAX_QUOTED_CHARS ? `${value.slice(0, MAX_QUOTED_CHARS)}…` : value);
}

/** Without its trailing dots; a loop, since `/\.+$/` rescans every run of dots in a hostile host name. */
function trimTrailingDots(host: string): string {
  let end = host.length;
  while (end > 0 && host.charCodeAt(end - 1) === 0x2e) end -= 1;
  return host.slice(0, end);
}

/**
 * The canonical spelling of a page or sitemap URL a person supplies, the same one WF5 stores for sitemap entries
 * (so a page submitted here and found in a sitemap later is one row): WHATWG parsing lowercases and punycodes the
 * host, drops default ports and percent-encodes; the fragment and a host's trailing dots go. Path and query stay as
 * written. Only absolute http(s) URLs without credentials are accepted. Linear in the input: no regular expression.
 */
export function normalizeWebUrl(input: string, maxLength = MAX_WEB_URL_LENGTH): WebUrlResult {
  const text = input.trim();
  if (text === '') return { ok: false, message: 'the URL is blank' };
  if (text.length > maxLength)
    return { ok: false, message: `${quoteValue(text)} is longer than ${maxLength} characters` };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, message: `${quoteValue(text)} is not an absolute URL (it needs http:// or https://)` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return { ok: false, message: `${quoteValue(text)} is not a web URL (scheme ${url.protocol} is not http or https)` };
  if (url.username !== '' || url.password !== '')
    return { ok: false, message: `${quoteValue(text)} carries credentials; they are not accepted` };
  const host = trimTrailingDots(url.hostname);
  if (host !== url.hostname) url.hostname = host;
  if (host === '' || url.hostname !== host) return { ok: false, message: `${quoteValue(text)} has no host name` };
  url.hash = '';
  const href = url.href;
  if (href.length > maxLength)
    return { ok: false, message: `${quoteValue(text)} is longer than ${maxLength} characters once encoded` };
  return { ok: true, url: href };
}

/**
 * A sitemap URL as the reference's direct submission required it: the path ends in `.xml` (or `.xml.gz`, which
 * WF5 also reads) or names a sitemap. `url` is already normalised, so `new URL` cannot throw.
 */
export function isSitemapPath(url: string): boolean {
  const path = new URL(url).pathname.toLowerCase();
  return path.endsWith('.xml') || path.endsWith('.xml.gz') || path.includes('sitemap');
}

/** A person's sitemap URL, normalised as every other web URL (one spelling, one row), within WF4's length. */
export function normalizeSitemapUrl(input: string, requireSitemapPath: boolean): WebUrlResult {
  const url = normalizeWebUrl(input, MAX_SITEMAP_URL_LENGTH);
  if (!url.ok || !requireSitemapPath || isSitemapPath(url.url)) return url;
  return {
    ok: false,
    message: `${quoteValue(url.url)} is not a sitemap file (a path ending in .xml or naming "sitemap")`,
  };
}
