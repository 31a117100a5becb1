import { CrmClientError } from '@curation/integrations';

import { DeliveryGate } from './delivery-gate';
import { DEFAULT_RATE_LIMIT_DELAY_MS } from './delivery-options';

const error = (code: CrmClientError['code'], retryAfterMs: number | null = null) =>
  new CrmClientError('brevo', code, `Brevo upsert contact a@b.test: ${code}`, { retryAfterMs });

describe('DeliveryGate', () => {
  it('pauses on 401/402 and holds every later contact of the batch with the same reason', () => {
    for (const code of ['unauthorized', 'payment_required'] as const) {
      const gate = new DeliveryGate(900_000);
      expect(gate.held()).toBeNull();
      const reason = `Brevo upsert contact a@b.test: ${code}`;
      expect(gate.outcomeOf(error(code))).toEqual({ kind: 'pause', reason, delayMs: 900_000 });
      expect(gate.held()).toEqual({ kind: 'pause', reason, delayMs: 900_000 });
    }
  });

  it('defers on 429 for Retry-After (or the default) and holds later contacts for what is left of it', () => {
    let now = 1_000;
    const gate = new DeliveryGate(900_000, () => now);
    expect(gate.outcomeOf(error('rate_limited', 2_000))).toMatchObject({ kind: 'defer', delayMs: 2_000 });
    now += 500;
    expect(gate.held()).toMatchObject({ kind: 'defer', delayMs: 1_500 });
    now += 1_500;
    expect(gate.held()).toBeNull();
    expect(gate.outcomeOf(error('rate_limited'))).toMatchObject({ delayMs: DEFAULT_RATE_LIMIT_DELAY_MS });
  });

  it('retries transient failures, fails refusals, and rethrows what is not a client error', () => {
    const gate = new DeliveryGate(1);
    for (const code of ['server', 'timeout', 'network', 'bad_response', 'aborted'] as const)
      expect(gate.outcomeOf(error(code))).toEqual({ kind: 'retry', reason: `Brevo upsert contact a@b.test: ${code}` });
    expect(gate.outcomeOf(error('rejected'))).toEqual({
      kind: 'fail',
      reason: 'Brevo upsert contact a@b.test: rejected',
    });
    expect(() => gate.outcomeOf(new TypeError('bug'))).toThrow('bug');
    expect(gate.held()).toBeNull();
  });
});
