import { SafeFetchError } from '@curation/integrations';

// A refused, unresolvable, looping or oversized site does not fix itself: fail instead of retrying.
const PERMANENT_FETCH_CODES: ReadonlySet<string> = new Set(['BLOCKED_ADDRESS', 'INVALID_URL', 'DNS_FAILED', 'TOO_MANY_REDIRECTS', 'TOO_LARGE']);

/** Whether a safe-fetch failure is worth a retry with backoff (timeouts, refused connections, TLS hiccups). */
export function isPermanentFetchFailure(error: SafeFetchError): boolean {
  return PERMANENT_FETCH_CODES.has(error.code);
}
