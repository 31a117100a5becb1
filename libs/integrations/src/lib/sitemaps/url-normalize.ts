/**
 * Longest page URL kept: the sitemaps.org limit. It also keeps `pages (domain_id, url)` under the btree row-size limit
 * (about 2,700 bytes), past which the insert itself would fail.
 */
export const MAX_PAGE_URL_LENGTH = 2048;

/**
 * The canonical spelling of a sitemap `<loc>` for `pages.url`, so the same page written two ways is one row.
 * WHATWG parsing (relative locs resolve against the sitemap's own URL) already lowercases and punycodes the host,
 * drops default ports and percent-encodes; on top of that the fragment goes (never sent to the server) and a trailing
 * dot on the host goes. Path and query stay as written: servers may treat their case and order as significant.
 * Returns null for anything that is not a plain http(s) URL: other schemes, credentials in the URL, no host, too long.
 */
export function normalizePageUrl(loc: string, sitemapUrl?: string | URL): string | null {
  const text = loc.trim();
  if (text.length === 0) return null;
  let url: URL;
  try {
    url = sitemapUrl === undefined ? new URL(text) : new URL(text, sitemapUrl);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username !== '' || url.password !== '') return null;
  if (url.hostname.endsWith('.')) {
    const host = trimTrailingDots(url.hostname);
    // The setter ignores a host it cannot take ("." alone would become ""): such a URL has no usable host.
    if (host === '') return null;
    url.hostname = host;
    if (url.hostname !== host) return null;
  }
  if (url.hostname === '') return null;
  url.hash = '';
  const href = url.href;
  return href.length > MAX_PAGE_URL_LENGTH ? null : href;
}

/** Without its trailing dots; a loop, since `/\.+$/` rescans every run of dots in a hostile host name. */
function trimTrailingDots(host: string): string {
  let end = host.length;
  while (end > 0 && host.charCodeAt(end - 1) === 0x2e) end--;
  return end === host.length ? host : host.slice(0, end);
}

/** `example.com` for `https://WWW.Example.com./x`, `example.com`, `www.example.com`; null when there is no host. */
export function siteDomainOf(urlOrDomain: string | URL): string | null {
  let host: string;
  if (urlOrDomain instanceof URL) host = urlOrDomain.hostname;
  else {
    const text = urlOrDomain.trim();
    try {
      host = new URL(text.includes('://') ? text : `http://${text}`).hostname;
    } catch {
      return null;
    }
  }
  host = trimTrailingDots(host.toLowerCase());
  if (host.startsWith('www.') && host.length > 4) host = host.slice(4);
  return host === '' ? null : host;
}

/**
 * Whether `url` belongs to the site `siteDomain`: its host is the domain or a subdomain of it, with `www.` ignored on
 * either side. Sitemaps may list other hosts (CDNs, partner sites, spam injected into a hacked sitemap); those must
 * not become pages of this domain.
 */
export function isSameSite(url: string | URL, siteDomain: string): boolean {
  let host: string;
  try {
    host = trimTrailingDots((url instanceof URL ? url : new URL(url)).hostname.toLowerCase());
  } catch {
    return false;
  }
  const domain = siteDomainOf(siteDomain);
  if (domain === null || host === '') return false;
  return host === domain || host.endsWith(`.${domain}`);
}
