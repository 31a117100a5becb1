import { GooglePlacesError } from '@curation/integrations';

import { messageOf } from '../../errors/message-of';
import { Outcome, outcome } from '../../scheduler/outcome';

/**
 * Google's answers mapped deliberately: quota, transient and 5xx errors retry with backoff; denied,
 * invalid and not-found requests fail for good with Google's own message. The client keeps the API key
 * out of every message.
 */
export function googleFailure(error: unknown): Outcome<never> {
  if (error instanceof GooglePlacesError)
    return error.kind === 'retryable' ? outcome.retry(error.message) : outcome.failed(error.message);
  return outcome.retry(messageOf(error));
}
