import { CRM_ERROR_CODES, CrmClientError, CrmErrorCode } from '@curation/integrations';

import { DEBOUNCE_RATE_LIMIT_DEFAULT_DELAY_MS } from './wf8-debounce.options';
import { debounceFailure, pauseReason, refusesEveryone } from './wf8-debounce.outcome';

const PAUSE_MS = 900_000;
const error = (code: CrmErrorCode, details: CrmClientError['details'] = {}) =>
  new CrmClientError('debounce', code, `DeBounce validate jane@example.com: ${code}`, details);

describe('DeBounce failure → outcome', () => {
  // Every code the client can throw, so a new one cannot slip through unclassified.
  const table: Record<CrmErrorCode, string> = {
    unauthorized: 'pause',
    payment_required: 'pause',
    rate_limited: 'defer',
    server: 'retry',
    timeout: 'retry',
    network: 'retry',
    bad_response: 'retry',
    aborted: 'retry',
    rejected: 'fail',
  };

  it.each(CRM_ERROR_CODES.map((code) => [code, table[code]]))('%s → %s', (code, kind) => {
    expect(debounceFailure(error(code), PAUSE_MS).kind).toBe(kind);
  });

  it('pauses for the configured time, with a reason naming neither the address nor the key', () => {
    const o = debounceFailure(error('payment_required', { httpStatus: 402 }), PAUSE_MS);
    expect(o).toEqual({
      kind: 'pause',
      reason: 'DeBounce credits exhausted (HTTP 402): validation paused until the account is refilled',
      delayMs: PAUSE_MS,
    });
    expect(pauseReason(error('unauthorized', { httpStatus: 401 }))).toBe(
      'DeBounce refused the API key (HTTP 401): validation paused, check DEBOUNCE_API_KEY',
    );
  });

  it('defers a 429 by its Retry-After, or a short default when it sent none', () => {
    expect(debounceFailure(error('rate_limited', { retryAfterMs: 2_000 }), PAUSE_MS)).toMatchObject({
      kind: 'defer',
      delayMs: 2_000,
    });
    expect(debounceFailure(error('rate_limited'), PAUSE_MS)).toMatchObject({
      kind: 'defer',
      delayMs: DEBOUNCE_RATE_LIMIT_DEFAULT_DELAY_MS,
    });
  });

  it('retries anything that is not a client error, and only 401/402 refuse everyone', () => {
    expect(debounceFailure(new Error('socket hang up'), PAUSE_MS)).toEqual({
      kind: 'retry',
      reason: 'socket hang up',
      delayMs: undefined,
    });
    expect(CRM_ERROR_CODES.filter((code) => refusesEveryone(error(code)))).toEqual([
      'unauthorized',
      'payment_required',
    ]);
    expect(refusesEveryone(new Error('payment_required'))).toBe(false);
  });
});
