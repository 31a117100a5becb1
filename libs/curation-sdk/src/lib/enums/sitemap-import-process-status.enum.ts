import { definePgEnum } from './pg-enum';

/** WF5 processing status: sitemap_files.sitemap_import_status (note: Complete, not Completed). */
export enum SitemapImportProcessStatus {
  Queued = 'Queued',
  Processing = 'Processing',
  Complete = 'Complete',
  Error = 'Error',
}

export const SitemapImportProcessStatusEnum = definePgEnum(
  'SitemapImportProcessStatus',
  'sitemapimportprocessingstatus',
  SitemapImportProcessStatus,
);
