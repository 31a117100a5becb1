import { SafeFetchError, SafeFetchErrorCode } from '@curation/integrations';

import { Outcome, outcome } from '../../scheduler/outcome';

/**
 * What a safe-fetch failure says about the row, decided by the error's code and details, never by its message:
 * - `site-unreachable`: the site itself cannot be fetched (refused address, no DNS, bad URL, redirect loop);
 * - `refused`: this resource will not be read as it is (too large, unreadable coding, a status that will not change);
 * - `transient`: may heal by itself (timeout, refused connection, TLS hiccup, 5xx, 429): retry with backoff.
 */
export type FetchFailureKind = 'site-unreachable' | 'refused' | 'transient';

const KIND_BY_CODE: Readonly<Record<Exclude<SafeFetchErrorCode, 'HTTP_ERROR'>, FetchFailureKind>> = {
  BLOCKED_ADDRESS: 'site-unreachable',
  INVALID_URL: 'site-unreachable',
  DNS_FAILED: 'site-unreachable',
  TOO_MANY_REDIRECTS: 'site-unreachable',
  TOO_LARGE: 'refused',
  // More than two stacked or an unknown Content-Encoding: the same bytes come back next time.
  UNSUPPORTED_ENCODING: 'refused',
  ROBOTS_DISALLOWED: 'refused',
  TIMEOUT: 'transient',
  TLS_ERROR: 'transient',
  CONNECTION_FAILED: 'transient',
};

/** Whether a site's non-2xx answer is worth a retry: 5xx and 429 say "busy, come back", any other status will not change. */
export function isRetryableHttpStatus(status: number): boolean {
  return status >= 500 || status === 429;
}

export function fetchFailureKind(error: SafeFetchError): FetchFailureKind {
  if (error.code === 'HTTP_ERROR')
    return error.details.status !== undefined && isRetryableHttpStatus(error.details.status) ? 'transient' : 'refused';
  return KIND_BY_CODE[error.code];
}

/** Whether a safe-fetch failure is final for the row (anything but `transient`). */
export function isPermanentFetchFailure(error: SafeFetchError): boolean {
  return fetchFailureKind(error) !== 'transient';
}

/**
 * The row's outcome for a fetch that threw: failed for good, or retried (after `retryDelayMs` when given, else
 * the loop's backoff). `reason` defaults to the error's message, which names the URL and never an address.
 */
export function fetchFailureOutcome(
  error: SafeFetchError,
  reason: string = error.message,
  retryDelayMs?: number,
): Outcome<never> {
  if (isPermanentFetchFailure(error)) return outcome.failed(reason);
  return retryDelayMs === undefined ? outcome.retry(reason) : outcome.retry(reason, retryDelayMs);
}

/** The row's outcome for a site that answered with a status the workflow cannot use. */
export function httpStatusOutcome(status: number, reason: string): Outcome<never> {
  return isRetryableHttpStatus(status) ? outcome.retry(reason) : outcome.failed(reason);
}
