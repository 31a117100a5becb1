import { definePgEnum } from './pg-enum';

/**
 * WF4 processing status: domains.sitemap_analysis_status. The reference type name is quoted PascalCase
 * and its labels are lowercase. The reference never reached a terminal success state ("submitted" meant
 * "handed to a fire-and-forget task"), so `completed` is added by migration 1795910400001 and sits last,
 * where `ALTER TYPE ... ADD VALUE` puts it.
 */
export enum SitemapAnalysisStatus {
  Pending = 'pending',
  Queued = 'queued',
  Processing = 'processing',
  Submitted = 'submitted',
  Failed = 'failed',
  Completed = 'completed',
}

export const SitemapAnalysisStatusEnum = definePgEnum(
  'SitemapAnalysisStatus',
  'SitemapAnalysisStatusEnum',
  SitemapAnalysisStatus,
);
