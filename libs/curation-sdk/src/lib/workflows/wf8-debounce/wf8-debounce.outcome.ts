import { CrmClientError, isCrmClientError } from '@curation/integrations';

import { messageOf } from '../../errors/message-of';
import { Outcome, outcome } from '../../scheduler/outcome';
import { DEBOUNCE_RATE_LIMIT_DEFAULT_DELAY_MS } from './wf8-debounce.options';

/** True for the answers that refuse every address alike: one of them is enough to stop calling. */
export function refusesEveryone(error: unknown): error is CrmClientError {
  return isCrmClientError(error) && (error.code === 'payment_required' || error.code === 'unauthorized');
}

/**
 * The reason shown in `workflow_pauses` and `/api/v3/workflows/status`: what to fix, without the address of the
 * contact that happened to hit it (the client's message names it) and without the key (the client never has it).
 */
export function pauseReason(error: CrmClientError): string {
  const status = error.httpStatus === null ? '' : ` (HTTP ${error.httpStatus})`;
  return error.code === 'payment_required'
    ? `DeBounce credits exhausted${status}: validation paused until the account is refilled`
    : `DeBounce refused the API key${status}: validation paused, check DEBOUNCE_API_KEY`;
}

/**
 * A failed DeBounce call as the loop's outcome. 401/402 pause the workflow (no contact ends Error because credits
 * ran out); 429 waits out Retry-After with the attempt refunded; outages and timeouts retry with backoff (the loop
 * fails the contact with the reason after max attempts); a request DeBounce rejects fails for good.
 */
export function debounceFailure(error: unknown, pauseMs: number): Outcome<never> {
  if (!isCrmClientError(error)) return outcome.retry(messageOf(error));
  switch (error.code) {
    case 'payment_required':
    case 'unauthorized':
      return outcome.pause(pauseReason(error), pauseMs);
    case 'rate_limited':
      return outcome.defer(error.message, error.retryAfterMs ?? DEBOUNCE_RATE_LIMIT_DEFAULT_DELAY_MS);
    case 'rejected':
      return outcome.failed(error.message);
    case 'server':
    case 'timeout':
    case 'network':
    case 'bad_response':
    case 'aborted':
      return outcome.retry(error.message);
  }
}
