import { isSameSite, normalizePageUrl, siteDomainOf } from './url-normalize';

/** The reference's fixed probe list (reference-system.md §6, `SitemapAnalyzer`), in its order. */
export const SITEMAP_COMMON_PATHS = [
  '/sitemap.xml',
  '/sitemap_index.xml',
  '/sitemap-index.xml',
  '/sitemap.php',
  '/sitemap.txt',
  '/sitemap/sitemap.xml',
  '/wp-sitemap.xml',
  '/wp-sitemap-index.xml',
  '/wp-sitemap-posts-post-1.xml',
  '/sitemap-posts-post-1.xml',
  '/sitemap-pages-post-1.xml',
  '/sitemap-categories-1.xml',
  '/sitemap/index.xml',
  '/post-sitemap.xml',
  '/page-sitemap.xml',
  '/product-sitemap.xml',
  '/category-sitemap.xml',
  '/sitemapindex.xml',
] as const;

/** The common paths as absolute URLs on the origin of `baseUrl` (e.g. `https://example.com`). */
export function commonSitemapUrls(baseUrl: string | URL): string[] {
  const origin = new URL(baseUrl).origin;
  return SITEMAP_COMMON_PATHS.map((path) => `${origin}${path}`);
}

/** robots.txt is fetched with a byte cap; this caps what one file can add to the candidate list. */
const MAX_ROBOTS_SITEMAPS = 500;

/**
 * `Sitemap:` lines of a robots.txt (field name case-insensitive, anywhere in the file, outside groups too), in file
 * order without duplicates. The protocol wants absolute URLs; relative ones are resolved against `baseUrl` when given,
 * else dropped, as are non-http(s) values. A ` #` starts a comment; a `#` inside the URL is a fragment and goes.
 */
export function sitemapsInRobots(text: string, baseUrl?: string | URL): string[] {
  const found = new Set<string>();
  for (const line of text.split(/\r\n|\r|\n/)) {
    const match = /^\s*sitemap\s*:\s*(\S+)/i.exec(line);
    if (match === null) continue;
    const url = normalizePageUrl(match[1], baseUrl);
    if (url !== null) found.add(url);
    if (found.size >= MAX_ROBOTS_SITEMAPS) break;
  }
  return [...found];
}

const HTML_ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'", '#x27': "'", '#47': '/', '#x2f': '/' };
const TAG = /<(a|link|base)\b((?:[^>"']|"[^"]*"|'[^']*')*)>/gi;
const ATTRIBUTE = /([^\s"'>/=]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))/g;
const MAX_HTML_LINKS = 100;

function attributesOf(text: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const match of text.matchAll(ATTRIBUTE)) {
    const name = match[1].toLowerCase();
    if (!attributes.has(name)) attributes.set(name, (match[2] ?? match[3] ?? match[4] ?? '').replace(/&(amp|lt|gt|quot|apos|#39|#x27|#47|#x2f);/gi, (_m, entity: string) => HTML_ENTITIES[entity.toLowerCase()]));
  }
  return attributes;
}

/**
 * Sitemap links on a homepage: `<a href>` whose URL contains "sitemap" and `<link rel="sitemap" href>`, resolved
 * against the page (or its `<base href>`), made absolute and normalised, limited to the site of `baseUrl` (a homepage
 * linking to another site's sitemap must not make us crawl that site), in page order without duplicates.
 * Comments and scripts are skipped so commented-out or script-built links do not count. A regex scan, not a DOM:
 * only the href/rel attributes matter and a wrong guess is caught when the candidate is validated.
 */
export function sitemapLinksInHtml(html: string, baseUrl: string | URL): string[] {
  const site = siteDomainOf(baseUrl);
  if (site === null) return [];
  const visible = html.replace(/<!--[\s\S]*?-->/g, ' ').replace(/<script\b[\s\S]*?<\/script\s*>/gi, ' ');
  let base: string | URL = baseUrl;
  const found = new Set<string>();
  for (const match of visible.matchAll(TAG)) {
    const tag = match[1].toLowerCase();
    const attributes = attributesOf(match[2]);
    const href = attributes.get('href')?.trim();
    if (href === undefined || href === '') continue;
    if (tag === 'base') {
      // Only the first <base href> counts (HTML spec); a cross-site base is still just a base for resolution.
      if (base === baseUrl) base = normalizePageUrl(href, baseUrl) ?? baseUrl;
      continue;
    }
    const rel = (attributes.get('rel') ?? '').toLowerCase().split(/\s+/);
    const isSitemapLink = tag === 'link' ? rel.includes('sitemap') : href.toLowerCase().includes('sitemap');
    if (!isSitemapLink) continue;
    const url = normalizePageUrl(href, base);
    if (url === null || !isSameSite(url, site)) continue;
    found.add(url);
    if (found.size >= MAX_HTML_LINKS) break;
  }
  return [...found];
}
