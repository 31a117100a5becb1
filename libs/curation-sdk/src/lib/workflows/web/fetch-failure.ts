import { SafeFetchError } from '@curation/integrations';

// A refused, unresolvable, looping or oversized site does not fix itself: fail instead of retrying.
const PERMANENT_FETCH_CODES: ReadonlySet<string> = new Set(['BLOCKED_ADDRESS', 'INVALID_URL', 'DNS_FAILED', 'TOO_MANY_REDIRECTS', 'TOO_LARGE']);

/** Whether a safe-fetch failure is worth a retry with backoff (timeouts, refused connections, TLS hiccups). */
export function isPermanentFetchFailure(error: SafeFetchError): boolean {
  return PERMANENT_FETCH_CODES.has(error.code);
}

/** Whether a site's non-200 answer is worth a retry: 5xx and 429 say "busy, come back", any other status will not change. */
export function isRetryableHttpStatus(status: number): boolean {
  return status >= 500 || status === 429;
}
