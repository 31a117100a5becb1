/**
 * Longest URL accepted for a page or sitemap: the sitemaps.org limit, which WF5 applies to the pages it writes too.
 * It also keeps `(domain_id, url)` index rows well under PostgreSQL's btree row limit (about 2,700 bytes).
 */
export const MAX_WEB_URL_LENGTH = 2048;

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
export function normalizeWebUrl(input: string): WebUrlResult {
  const text = input.trim();
  if (text === '') return { ok: false, message: 'the URL is blank' };
  if (text.length > MAX_WEB_URL_LENGTH)
    return { ok: false, message: `${quoteValue(text)} is longer than ${MAX_WEB_URL_LENGTH} characters` };
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
  if (href.length > MAX_WEB_URL_LENGTH)
    return { ok: false, message: `${quoteValue(text)} is longer than ${MAX_WEB_URL_LENGTH} characters once encoded` };
  return { ok: true, url: href };
}
