import { ScanStatus } from './scan-status';

/** Sitemap files listed per status answer; the totals count every file of the domain. */
export const MAX_LISTED_SITEMAPS = 200;

/**
 * A domain's WF4 state and its sitemap files, in one statement. `total_urls` leaves out index files: an
 * index's `url_count` counts its child sitemaps, which are listed (and counted) themselves.
 */
export const SCAN_STATUS_SQL = `
  SELECT d.id, d.domain, d.sitemap_analysis_status::text AS analysis_status, d.sitemap_analysis_error AS analysis_error,
         d.sitemap_curation_status::text AS curation_status, d.sitemap_analysis_status_attempts AS attempts,
         d.created_by, d.created_at, d.updated_at, d.last_scan,
         totals.total_sitemaps, totals.total_urls, coalesce(listed.sitemaps, '[]'::jsonb) AS sitemaps
    FROM domains d
    CROSS JOIN LATERAL (
      SELECT count(*)::int AS total_sitemaps,
             coalesce(sum(f.url_count) FILTER (WHERE f.sitemap_type IS DISTINCT FROM 'index'), 0)::bigint AS total_urls
        FROM sitemap_files f WHERE f.domain_id = d.id
    ) totals
    CROSS JOIN LATERAL (
      SELECT jsonb_agg(to_jsonb(x) ORDER BY x.url) AS sitemaps
        FROM (
          SELECT f.id, f.url, f.sitemap_type, f.discovery_method, f.url_count, f.size_bytes, f.is_gzipped,
                 f.has_lastmod, f.has_priority, f.has_changefreq, f.status, f.deep_scrape_curation_status,
                 f.sitemap_import_status, f.created_at, f.updated_at
            FROM sitemap_files f WHERE f.domain_id = d.id ORDER BY f.url LIMIT ${MAX_LISTED_SITEMAPS}
        ) x
    ) listed
   WHERE d.id = $1`;

/** One discovered sitemap as the Analyzer's displaySingleResults reads it (url, sitemap_type, url_count, ...). */
export interface ScanSitemap {
  readonly id: string;
  readonly url: string;
  readonly sitemap_type: string;
  readonly discovery_method: string | null;
  readonly url_count: number | null;
  readonly size_bytes: number | null;
  readonly is_gzipped: boolean | null;
  readonly has_lastmod: boolean | null;
  readonly has_priority: boolean | null;
  readonly has_changefreq: boolean | null;
  readonly status: string;
  readonly deep_scrape_curation_status: string | null;
  readonly sitemap_import_status: string | null;
  readonly created_at: string;
  readonly updated_at: string;
}

export interface ScanRow {
  readonly id: string;
  readonly domain: string;
  readonly analysis_status: string | null;
  readonly analysis_error: string | null;
  readonly curation_status: string | null;
  readonly attempts: number;
  readonly created_by: string | null;
  readonly created_at: string;
  readonly updated_at: string;
  readonly last_scan: string | null;
  readonly total_sitemaps: number;
  /** bigint: the driver returns it as a string. */
  readonly total_urls: string;
  readonly sitemaps: ScanSitemap[];
}

/**
 * GET /api/v3/sitemap/status/{job_id}: the reference's JobStatusResponse fields (job_id, status, progress,
 * domain_id, created_by, error, created_at, updated_at) and what the Analyzer reads for its results
 * (domain, sitemaps[], total_sitemaps/sitemap_count, total_urls/url_count).
 */
export interface SitemapScanStatus {
  readonly job_id: string;
  readonly status: ScanStatus;
  readonly progress: number;
  readonly error: string | null;
  readonly status_url: string;
  readonly domain_id: string;
  readonly domain: string;
  readonly created_by: string | null;
  readonly created_at: string;
  readonly updated_at: string;
  readonly last_scan: string | null;
  /** The raw WF4 columns, for clients that want more than the four job statuses. */
  readonly analysis_status: string | null;
  readonly curation_status: string | null;
  readonly attempts: number;
  readonly sitemaps: ScanSitemap[];
  readonly total_sitemaps: number;
  readonly sitemap_count: number;
  readonly total_urls: number;
  readonly url_count: number;
}
