import { definePgEnum } from './pg-enum';

/** Curation status of domains.sitemap_curation_status and sitemap_files.deep_scrape_curation_status. */
export enum SitemapCurationStatus {
  New = 'New',
  Selected = 'Selected',
  Maybe = 'Maybe',
  NotAFit = 'Not a Fit',
  Archived = 'Archived',
  Completed = 'Completed',
}

export const SitemapCurationStatusEnum = definePgEnum(
  'SitemapCurationStatus',
  'sitemap_curation_status_enum',
  SitemapCurationStatus,
);
