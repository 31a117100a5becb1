import { EntityManager } from 'typeorm';

import { normalizeDomain } from '@curation/sdk';

import { normalizeSitemapUrl, normalizeWebUrl } from '../common/web-url';
import { getOrCreateDomains } from './domain-rows';
import { existingUrlRows, insertUrlRows, UrlRow, UrlTable } from './url-rows';

export type CellParse = { readonly ok: true; readonly row: UrlRow } | { readonly ok: false; readonly message: string };

/** A row's id and whether this import created it. */
export interface WrittenRow {
  readonly id: string;
  readonly created: boolean;
}

/** What differs between the three imports: the header names, how a cell is validated, how rows are written. */
export interface CsvImportKind {
  /** In messages: "domain", "sitemap URL", "page URL". */
  readonly valueName: string;
  readonly existsMessage: string;
  /** First-row cells (lowercase) that mark a header; the reference's lists, plus our own column names. */
  readonly headers: readonly string[];
  /** Validates and normalises one cell; `row.url` is the dedup key (the domain itself for domains). */
  parse(cell: string): CellParse;
  /** Creates what is new, in a constant number of statements; every row's id, by `row.url`. */
  write(manager: EntityManager, rows: readonly UrlRow[]): Promise<Map<string, WrittenRow>>;
}

/** A page or sitemap URL, normalised, with the domain it belongs to. */
export function parseWebUrlRow(cell: string, normalize = normalizeWebUrl): CellParse {
  const url = normalize(cell);
  if (!url.ok) return url;
  // The same normalisation as WF3 and the domains' direct submit, so the row joins the domain a curator knows.
  const domain = normalizeDomain(url.url, 'url');
  return domain.ok ? { ok: true, row: { url: url.url, domain: domain.domain } } : domain;
}

/** Existing rows first, then the new ones; a URL inserted concurrently in between is found by a second look-up. */
async function writeUrlRows(
  manager: EntityManager,
  table: UrlTable,
  rows: readonly UrlRow[],
  leadSource: string,
): Promise<Map<string, WrittenRow>> {
  const written = new Map<string, WrittenRow>();
  for (const [url, id] of await existingUrlRows(manager, table, rows)) written.set(url, { id, created: false });
  const fresh = rows.filter((r) => !written.has(r.url));
  const inserted = await insertUrlRows(manager, table, fresh, { leadSource, priorityLevel: 5 });
  for (const [url, id] of inserted) written.set(url, { id, created: true });
  const raced = fresh.filter((r) => !inserted.has(r.url));
  for (const [url, id] of await existingUrlRows(manager, table, raced)) written.set(url, { id, created: false });
  return written;
}

export const DOMAIN_IMPORT: CsvImportKind = {
  valueName: 'domain',
  existsMessage: 'Domain already exists in database',
  headers: ['domain', 'domains', 'url', 'website', 'website_url'],
  parse(cell) {
    const result = normalizeDomain(cell, 'domain');
    return result.ok ? { ok: true, row: { url: result.domain, domain: result.domain } } : result;
  },
  write: (manager, rows) =>
    getOrCreateDomains(
      manager,
      rows.map((r) => r.domain),
    ),
};

export const SITEMAP_IMPORT: CsvImportKind = {
  valueName: 'sitemap URL',
  existsMessage: 'Sitemap already exists in database',
  headers: ['sitemap_url', 'sitemap', 'url', 'sitemaps', 'sitemap_urls'],
  parse: (cell) => parseWebUrlRow(cell, (text) => normalizeSitemapUrl(text, true)),
  write: (manager, rows) => writeUrlRows(manager, 'sitemap_files', rows, 'csv_import'),
};

export const PAGE_IMPORT: CsvImportKind = {
  valueName: 'page URL',
  existsMessage: 'Page already exists in database',
  headers: ['url', 'urls', 'page', 'pages', 'link', 'page_url'],
  parse: parseWebUrlRow,
  write: (manager, rows) => writeUrlRows(manager, 'pages', rows, 'csv_import'),
};
