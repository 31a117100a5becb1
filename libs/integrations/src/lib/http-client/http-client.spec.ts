import { ConcurrencyGate } from './concurrency-gate';
import { CrmClientError } from './crm-client-error';
import { codeForStatus } from './json-http';
import { redactSecrets } from './redact';
import { parseDelaySeconds, parseRetryAfter } from './retry-after';

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-11-21T10:00:00Z');

  it('reads delay-seconds', () => {
    expect(parseRetryAfter('2', now)).toBe(2_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('1.5', now)).toBe(1_500);
  });

  it('reads an HTTP-date relative to now, and a past date as 0', () => {
    expect(parseRetryAfter('Fri, 21 Nov 2025 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Fri, 21 Nov 2025 09:59:00 GMT', now)).toBe(0);
  });

  it('caps long waits', () => {
    expect(parseRetryAfter('86400', now, 60_000)).toBe(60_000);
    expect(parseRetryAfter('Sat, 22 Nov 2025 10:00:00 GMT', now, 60_000)).toBe(60_000);
  });

  it('returns null for absent or unreadable values', () => {
    for (const value of [null, undefined, '', 'soon', '-5', '1 2 3', '12:00'])
      expect(parseRetryAfter(value, now)).toBeNull();
  });

  it('parseDelaySeconds reads plain seconds only', () => {
    expect(parseDelaySeconds('3')).toBe(3_000);
    expect(parseDelaySeconds('Fri, 21 Nov 2025 10:00:30 GMT')).toBeNull();
    expect(parseDelaySeconds(null)).toBeNull();
  });
});

describe('redactSecrets', () => {
  it('removes plain and URL-encoded forms', () => {
    const secret = 'k3y/with+chars=';
    const message = `GET /?api=${encodeURIComponent(secret)} failed for ${secret}`;
    const redacted = redactSecrets(message, [secret, null, '']);
    expect(redacted).not.toContain(secret);
    expect(redacted).not.toContain(encodeURIComponent(secret));
    expect(redacted).toContain('[redacted]');
  });
});

describe('codeForStatus', () => {
  it.each([
    [401, 'unauthorized'],
    [403, 'unauthorized'],
    [402, 'payment_required'],
    [429, 'rate_limited'],
    [408, 'timeout'],
    [500, 'server'],
    [503, 'server'],
    [400, 'rejected'],
    [404, 'rejected'],
    [302, 'rejected'],
  ])('%i → %s', (status, code) => {
    expect(codeForStatus(status)).toBe(code);
  });
});

describe('CrmClientError', () => {
  it('is retryable for transient codes only', () => {
    const retryable = (code: CrmClientError['code']) => new CrmClientError('brevo', code, 'x').retryable;
    expect(
      ['rate_limited', 'server', 'timeout', 'network', 'bad_response', 'aborted'].every((c) =>
        retryable(c as CrmClientError['code']),
      ),
    ).toBe(true);
    expect(retryable('unauthorized')).toBe(false);
    expect(retryable('payment_required')).toBe(false);
    expect(retryable('rejected')).toBe(false);
  });
});

describe('ConcurrencyGate', () => {
  it('admits at most the limit and hands slots over in order', async () => {
    const gate = new ConcurrencyGate(2);
    const first = await gate.acquire();
    const second = await gate.acquire();
    const order: number[] = [];
    const third = gate.acquire().then((release) => {
      order.push(3);
      return release;
    });
    const fourth = gate.acquire().then((release) => {
      order.push(4);
      return release;
    });
    expect(gate.inFlight).toBe(2);
    first();
    (await third)();
    second();
    (await fourth)();
    expect(order).toEqual([3, 4]);
    expect(gate.inFlight).toBe(0);
  });

  it('drops a waiter whose signal aborts', async () => {
    const gate = new ConcurrencyGate(1);
    const held = await gate.acquire();
    const controller = new AbortController();
    const waiting = gate.acquire(controller.signal);
    controller.abort(new Error('deadline'));
    await expect(waiting).rejects.toThrow('deadline');
    held();
    expect(gate.inFlight).toBe(0);
    (await gate.acquire())();
  });
});
