import { definePgEnum } from './pg-enum';

/** sitemap_files.status. */
export enum SitemapFileStatus {
  Pending = 'Pending',
  Processing = 'Processing',
  Completed = 'Completed',
  Error = 'Error',
}

export const SitemapFileStatusEnum = definePgEnum('SitemapFileStatus', 'sitemap_file_status_enum', SitemapFileStatus);
