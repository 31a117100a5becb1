import { EntityManager } from 'typeorm';

import { DEFAULT_TENANT_ID } from '@curation/sdk';

import { getOrCreateDomains } from './domain-rows';

/** A validated page or sitemap URL and the normalised domain it belongs to. */
export interface UrlRow {
  readonly url: string;
  readonly domain: string;
}

/** Where URL rows live; both tables are unique on `(domain_id, url)`. */
export type UrlTable = 'pages' | 'sitemap_files';

/** Set per request: who created the rows and, for pages, their priority (the reference's `priority_level`, 5). */
export interface UrlRowValues {
  readonly leadSource: string;
  readonly priorityLevel?: number;
}

// Sitemaps entered by hand are fetched before their kind is known; `standard` is what WF4 writes for a urlset.
const INSERTS: Record<UrlTable, string> = {
  pages: `INSERT INTO pages (tenant_id, domain_id, url, lead_source, priority_level)
          SELECT $3, i.domain_id, i.url, $4, $5 FROM unnest($1::uuid[], $2::text[]) AS i(domain_id, url)
          ORDER BY i.domain_id, i.url
          ON CONFLICT (domain_id, url) DO NOTHING RETURNING id, url`,
  sitemap_files: `INSERT INTO sitemap_files (tenant_id, domain_id, url, lead_source, sitemap_type, discovery_method)
          SELECT $3, i.domain_id, i.url, $4, 'standard', 'manual' FROM unnest($1::uuid[], $2::text[]) AS i(domain_id, url)
          ORDER BY i.domain_id, i.url
          ON CONFLICT (domain_id, url) DO NOTHING RETURNING id, url`,
};

/** How many parent domains are searched for an existing row besides the URL's own domain. */
const PARENT_LEVELS = 3;

/**
 * The URL's domain and its nearest parents: WF4 and WF5 file a subdomain's sitemaps and pages under the domain that
 * was crawled (`shop.example.com/x` under `example.com`), so an existing row may sit under any of them.
 */
function domainCandidates(domain: string): string[] {
  const candidates = [domain];
  let rest = domain;
  for (let level = 0; level < PARENT_LEVELS; level += 1) {
    const dot = rest.indexOf('.');
    if (dot < 0) break;
    rest = rest.slice(dot + 1);
    if (!rest.includes('.')) break;
    candidates.push(rest);
  }
  return candidates;
}

/** Ids of the rows that already hold these URLs, by URL, in one statement whatever the number of rows. */
export async function existingUrlRows(
  manager: EntityManager,
  table: UrlTable,
  rows: readonly UrlRow[],
): Promise<Map<string, string>> {
  const domains: string[] = [];
  const urls: string[] = [];
  for (const row of rows)
    for (const candidate of domainCandidates(row.domain)) {
      domains.push(candidate);
      urls.push(row.url);
    }
  const found: { id: string; url: string }[] =
    rows.length === 0
      ? []
      : await manager.query(
          `SELECT DISTINCT ON (i.url) i.url, t.id
             FROM unnest($1::text[], $2::text[]) AS i(domain, url)
             JOIN domains d ON d.domain = i.domain
             JOIN ${table} t ON t.domain_id = d.id AND t.url = i.url
            ORDER BY i.url, t.created_at`,
          [domains, urls],
        );
  return new Map(found.map((r) => [r.url, r.id]));
}

/**
 * Creates the rows (their domains too, when new) in two statements whatever their number; URLs that exist by the
 * time of the INSERT (a concurrent writer) are left out of the result, so callers see them as not created.
 */
export async function insertUrlRows(
  manager: EntityManager,
  table: UrlTable,
  rows: readonly UrlRow[],
  values: UrlRowValues,
): Promise<Map<string, string>> {
  if (rows.length === 0) return new Map();
  const domains = await getOrCreateDomains(manager, [...new Set(rows.map((r) => r.domain))]);
  const withDomain = rows.filter((r) => domains.has(r.domain));
  const inserted: { id: string; url: string }[] = await manager.query(INSERTS[table], [
    withDomain.map((r) => domains.get(r.domain)?.id),
    withDomain.map((r) => r.url),
    DEFAULT_TENANT_ID,
    values.leadSource,
    ...(table === 'pages' ? [values.priorityLevel ?? null] : []),
  ]);
  return new Map(inserted.map((r) => [r.url, r.id]));
}
