import { ListSource } from '../curation/curation-list.service';

/**
 * One sitemap file as every endpoint answers it: the reference's SitemapFileRead (`url` under its alias
 * `sitemap_url`, `domain_name` joined) plus the columns the Sitemap Curation tab reads
 * (`deep_scrape_process_status` is the import status) and the discovery facts WF4 records.
 */
export const SITEMAP_FILE_VIEW: ListSource = {
  from: '"sitemap_files" t JOIN "domains" d ON d."id" = t."domain_id"',
  columns: [
    't."id"',
    't."domain_id"',
    'd."domain" AS "domain_name"',
    't."url" AS "sitemap_url"',
    't."sitemap_type"',
    't."discovery_method"',
    't."url_count"',
    't."size_bytes"',
    't."is_gzipped"',
    't."has_lastmod"',
    't."has_priority"',
    't."has_changefreq"',
    't."error_message"',
    't."deep_scrape_curation_status"',
    't."sitemap_import_status" AS "deep_scrape_process_status"',
    't."sitemap_import_error"',
    't."status"',
    't."created_by"',
    't."updated_by"',
    't."created_at"',
    't."updated_at"',
  ],
};

/** A sitemap file as the API returns it (the row of {@link SITEMAP_FILE_VIEW}). */
export interface SitemapFileView {
  readonly id: string;
  readonly domain_id: string;
  readonly domain_name: string;
  readonly sitemap_url: string;
  readonly sitemap_type: string;
  readonly discovery_method: string | null;
  readonly url_count: number | null;
  readonly size_bytes: number | null;
  readonly is_gzipped: boolean | null;
  readonly has_lastmod: boolean | null;
  readonly has_priority: boolean | null;
  readonly has_changefreq: boolean | null;
  readonly error_message: string | null;
  readonly deep_scrape_curation_status: string | null;
  readonly deep_scrape_process_status: string | null;
  readonly sitemap_import_error: string | null;
  readonly status: string;
  readonly created_by: string | null;
  readonly updated_by: string | null;
  readonly created_at: string;
  readonly updated_at: string;
}
