/** The `<changefreq>` values the sitemaps.org protocol allows; anything else is dropped, not guessed. */
export type SitemapChangefreq = 'always' | 'hourly' | 'daily' | 'weekly' | 'monthly' | 'yearly' | 'never';

/** One `<url>` of a `<urlset>`. `loc` is the trimmed, entity-decoded text as written: normalise it with `normalizePageUrl`. */
export interface SitemapUrlEntry {
  kind: 'url';
  loc: string;
  /**
   * W3C datetime normalised by `normalizeLastmod`: `YYYY` and `YYYY-MM` expanded to the first day, impossible dates
   * dropped, so PostgreSQL's `timestamptz` takes every value; a time without offset keeps none (the reader decides).
   */
  lastmod?: string;
  changefreq?: SitemapChangefreq;
  /** 0.0 … 1.0. */
  priority?: number;
}

/** One `<sitemap>` child of a `<sitemapindex>`. */
export interface SitemapChildEntry {
  kind: 'sitemap';
  loc: string;
  lastmod?: string;
}

export type SitemapEntry = SitemapUrlEntry | SitemapChildEntry;

export type SitemapRootType = 'urlset' | 'sitemapindex';

/**
 * `sitemap_type` of a `sitemap_files` row: `index` for a sitemap index; for a urlset `news`, `video` or `image` when
 * elements of Google's extension namespaces are used (in that precedence), else `standard`. Usage, not declaration,
 * decides: Yoast declares the image namespace on every sitemap it writes.
 */
export type SitemapKind = 'standard' | 'index' | 'image' | 'video' | 'news';

export interface SitemapSummary {
  type: SitemapRootType;
  sitemapType: SitemapKind;
  /** Entries emitted: `<url>`s of a urlset or `<sitemap>`s of an index. */
  urlCount: number;
  /** `maxUrls` was reached while more entries followed; the rest of the document was not read. */
  truncated: boolean;
  /** `<url>`/`<sitemap>` elements dropped for an empty or oversized `<loc>`. */
  skippedCount: number;
  /** Bytes of XML read (after gzip inflation). */
  bytes: number;
  gzipped: boolean;
}

/**
 * `NOT_XML`: the body is not XML at all (HTML error/soft-404 page, plain text, binary content, empty body). Messages
 * quote at most a short, escaped preview of the body, never raw bytes.
 * `MALFORMED_XML`: XML that is not well-formed (mismatched or unclosed tags, bad entity, corrupt or cut gzip).
 * `NOT_A_SITEMAP`: well-formed start, but the root is neither `urlset` nor `sitemapindex` (RSS, Atom, ...).
 * `TOO_LARGE`: more than `maxBytes` of XML (after inflation, so gzip bombs stop early).
 */
export type SitemapParseErrorCode = 'NOT_XML' | 'MALFORMED_XML' | 'NOT_A_SITEMAP' | 'TOO_LARGE';

export class SitemapParseError extends Error {
  override readonly name = 'SitemapParseError';

  constructor(
    readonly code: SitemapParseErrorCode,
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}

export interface SitemapParseOptions {
  /** Entries to emit before stopping with `truncated: true`; the protocol allows 50,000 per file. */
  maxUrls: number;
  /** Bytes of XML (after inflation) before failing with `TOO_LARGE`; the protocol allows 50 MiB per file. */
  maxBytes: number;
}

/** sitemaps.org limits per file, the defaults of `parseSitemapText`. */
export const SITEMAP_PROTOCOL_MAX_URLS = 50_000;
export const SITEMAP_PROTOCOL_MAX_BYTES = 50 * 1024 * 1024;
