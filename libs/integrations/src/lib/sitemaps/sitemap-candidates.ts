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

const HTML_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  '#39': "'",
  '#x27': "'",
  '#47': '/',
  '#x2f': '/',
};
const MAX_HTML_LINKS = 100;
const WANTED_TAGS: ReadonlySet<string> = new Set(['a', 'link', 'base']);

const isSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d;
const isAsciiLetter = (c: number): boolean => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);

/** Whether `html` has `word` (lower-case ASCII) at `pos`, ignoring ASCII case. */
function hasWordAt(html: string, pos: number, word: string): boolean {
  if (pos + word.length > html.length) return false;
  for (let i = 0; i < word.length; i++) if ((html.charCodeAt(pos + i) | 0x20) !== word.charCodeAt(i)) return false;
  return true;
}

interface Tag {
  name: string;
  attributes: Map<string, string>;
  /** Index just past the tag's `>`. */
  end: number;
}

/**
 * Reads the start tag whose name begins at `pos` (just after `<`), the way the HTML tokenizer does: attribute values
 * in quotes may hold `>`, an unquoted value ends at whitespace. Returns null when the document ends inside the tag.
 * Each character is looked at once, so a page of a million unclosed `<a` costs one pass, not a million.
 */
function readTag(html: string, pos: number): Tag | null {
  let i = pos;
  while (i < html.length && !isSpace(html.charCodeAt(i)) && html[i] !== '>' && html[i] !== '/') i++;
  const name = html.slice(pos, i).toLowerCase();
  const attributes = new Map<string, string>();
  while (i < html.length) {
    const c = html.charCodeAt(i);
    if (c === 0x3e /* > */) return { name, attributes, end: i + 1 };
    if (isSpace(c) || c === 0x2f /* / */) {
      i++;
      continue;
    }
    const nameStart = i;
    while (
      i < html.length &&
      !isSpace(html.charCodeAt(i)) &&
      html[i] !== '>' &&
      html[i] !== '/' &&
      (html[i] !== '=' || i === nameStart)
    )
      i++;
    const attribute = html.slice(nameStart, i).toLowerCase();
    while (i < html.length && isSpace(html.charCodeAt(i))) i++;
    let value = '';
    if (html[i] === '=') {
      i++;
      while (i < html.length && isSpace(html.charCodeAt(i))) i++;
      const quote = html[i];
      if (quote === '"' || quote === "'") {
        const close = html.indexOf(quote, i + 1);
        if (close === -1) return null;
        value = html.slice(i + 1, close);
        i = close + 1;
      } else {
        const valueStart = i;
        while (i < html.length && !isSpace(html.charCodeAt(i)) && html[i] !== '>') i++;
        value = html.slice(valueStart, i);
      }
    }
    if (WANTED_TAGS.has(name) && !attributes.has(attribute)) {
      attributes.set(
        attribute,
        value.replace(
          /&(amp|lt|gt|quot|apos|#39|#x27|#47|#x2f);/gi,
          (_m, entity: string) => HTML_ENTITIES[entity.toLowerCase()],
        ),
      );
    }
  }
  return null;
}

/** Index just past the `</script ...>` that closes a script opened before `from`, or -1. */
function scriptEnd(html: string, from: number): number {
  for (let close = html.indexOf('</', from); close !== -1; close = html.indexOf('</', close + 2)) {
    if (hasWordAt(html, close + 2, 'script')) {
      const gt = html.indexOf('>', close + 8);
      return gt === -1 ? -1 : gt + 1;
    }
  }
  return -1;
}

/**
 * Sitemap links on a homepage: `<a href>` whose URL contains "sitemap" and `<link rel="sitemap" href>`, resolved
 * against the page (or its `<base href>`), made absolute and normalised, limited to the site of `baseUrl` (a homepage
 * linking to another site's sitemap must not make us crawl that site), in page order without duplicates.
 * Comments and scripts are skipped so commented-out or script-built links do not count. A single forward scan, not
 * a DOM and no backtracking regex: only the href/rel attributes matter, a wrong guess is caught when the candidate
 * is validated, and the page is the open web's, so its cost must stay linear whatever it holds.
 */
export function sitemapLinksInHtml(html: string, baseUrl: string | URL): string[] {
  const site = siteDomainOf(baseUrl);
  if (site === null) return [];
  let base: string | URL = baseUrl;
  const found = new Set<string>();
  let pos = 0;
  while (found.size < MAX_HTML_LINKS) {
    const lt = html.indexOf('<', pos);
    if (lt === -1) break;
    if (html.startsWith('<!--', lt)) {
      const close = html.indexOf('-->', lt + 4);
      if (close === -1) break;
      pos = close + 3;
      continue;
    }
    if (!isAsciiLetter(html.charCodeAt(lt + 1))) {
      pos = lt + 1;
      continue;
    }
    const tag = readTag(html, lt + 1);
    if (tag === null) break;
    pos = tag.end;
    if (tag.name === 'script') {
      const end = scriptEnd(html, pos);
      if (end === -1) break;
      pos = end;
      continue;
    }
    if (!WANTED_TAGS.has(tag.name)) continue;
    const href = tag.attributes.get('href')?.trim();
    if (href === undefined || href === '') continue;
    if (tag.name === 'base') {
      // Only the first <base href> counts (HTML spec); a cross-site base is still just a base for resolution.
      if (base === baseUrl) base = normalizePageUrl(href, baseUrl) ?? baseUrl;
      continue;
    }
    const rel = (tag.attributes.get('rel') ?? '').toLowerCase().split(/\s+/);
    const isSitemapLink = tag.name === 'link' ? rel.includes('sitemap') : href.toLowerCase().includes('sitemap');
    if (!isSitemapLink) continue;
    const url = normalizePageUrl(href, base);
    if (url === null || !isSameSite(url, site)) continue;
    found.add(url);
  }
  return [...found];
}
