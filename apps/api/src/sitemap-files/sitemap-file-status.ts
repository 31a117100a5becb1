import { SitemapFileStatus, SitemapFileStatusEnum } from '@curation/sdk';

/** `sitemap_files.status` (Pending, Processing, Completed, Error): the discovery/record status, not curation. */
export const SITEMAP_FILE_STATUS = SitemapFileStatusEnum;

/** What a file created through the API starts as (the column default). */
export const SITEMAP_FILE_PENDING = SitemapFileStatus.Pending;
