import { CrmClientError } from '@curation/integrations';

import { Outcome, outcome } from '../../scheduler/outcome';
import { DEFAULT_RATE_LIMIT_DELAY_MS } from './delivery-options';

/**
 * One batch's view of a CRM that refused it: after a 401/402 every contact of the batch not yet sent is paused
 * with the same reason (sending it would only be refused too), and after a 429 every contact not yet sent waits
 * out the rest of the same window instead of knocking again. Neither uses an attempt. One gate per `process`
 * call: the next batch starts clean, and the loop's `workflow_pauses` row is what keeps other workers out.
 */
export class DeliveryGate {
  private paused: string | null = null;
  private limited: { reason: string; until: number } | null = null;

  constructor(
    private readonly pauseMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The outcome for a contact that must not be sent now, or null when it may be. */
  held(): Outcome<never> | null {
    if (this.paused !== null) return outcome.pause(this.paused, this.pauseMs);
    if (this.limited !== null) {
      const left = this.limited.until - this.now();
      if (left > 0) return outcome.defer(this.limited.reason, left);
    }
    return null;
  }

  /**
   * A client error as the loop's outcome: 401/402 pause, 429 defers (Retry-After or the default), transient
   * failures retry with the loop's backoff (and end `Error` with this reason after max attempts), any other 4xx
   * fails the contact. Anything that is not a client error is rethrown: `eachItem` makes it a retry.
   */
  outcomeOf(error: unknown): Outcome<never> {
    if (!(error instanceof CrmClientError)) throw error;
    switch (error.code) {
      case 'unauthorized':
      case 'payment_required':
        this.paused ??= error.message;
        return outcome.pause(error.message, this.pauseMs);
      case 'rate_limited': {
        const delayMs = error.retryAfterMs ?? DEFAULT_RATE_LIMIT_DELAY_MS;
        const until = this.now() + delayMs;
        if (this.limited === null || until > this.limited.until) this.limited = { reason: error.message, until };
        return outcome.defer(error.message, delayMs);
      }
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
}
