import { WF4_SITEMAP_DISCOVERY } from '@curation/sdk';

/** The job statuses the Sitemap Analyzer page knows (contentmap.html, getStatusMessage / pollAnalysisStatus). */
export type ScanStatus = 'pending' | 'running' | 'complete' | 'failed';

const P = WF4_SITEMAP_DISCOVERY.processing;
/** The reference's hand-off label ("given to a background task"); only legacy rows carry it. */
const SUBMITTED = P.enum.values.Submitted;

export interface ScanProgress {
  readonly status: ScanStatus;
  /** The reference's figure: 0 waiting, 0.5 running, 1 finished either way. */
  readonly progress: number;
  /** Why the scan failed, or why a retry is waiting; null otherwise. */
  readonly error: string | null;
}

/**
 * A scan's state read off the domain's WF4 columns: the domain row is the job, so any API replica answers
 * and a restart loses nothing. A domain no scan is queued for (never selected, or de-selected before the
 * worker claimed it) will never finish, so it reads as failed with that reason rather than pending forever.
 */
export function scanProgressOf(analysisStatus: string | null, error: string | null): ScanProgress {
  switch (analysisStatus) {
    case P.queued:
      return { status: 'pending', progress: 0, error };
    case P.processing:
    case SUBMITTED:
      return { status: 'running', progress: 0.5, error };
    case P.done:
      return { status: 'complete', progress: 1, error: null };
    case P.failed:
      return { status: 'failed', progress: 1, error };
    default:
      return {
        status: 'failed',
        progress: 1,
        error: 'No scan is queued for this domain: POST /api/v3/sitemap/scan queues one',
      };
  }
}
