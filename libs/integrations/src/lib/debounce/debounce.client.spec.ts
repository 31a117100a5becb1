import { createServer } from 'node:net';

import { crmFailure, watchOutput } from '../http-client/crm-client.test-support';
import { DebounceClient, DebounceClientOptions } from './debounce.client';
import { DEBOUNCE_CODES, mapDebounceResult } from './debounce.mapping';
import { FakeDebounceServer, startFakeDebounceServer } from './fake-debounce.server';

// Shaped like a real key so a leak would be recognisable in a failure diff.
const KEY = 'db_fAk3KeY+0123456789/abcdef==';

let fake: FakeDebounceServer;
let output: { verify(): void };

beforeAll(async () => {
  fake = await startFakeDebounceServer({ apiKey: KEY });
});

afterAll(async () => {
  await fake.close();
});

beforeEach(() => {
  output = watchOutput([KEY]);
});

afterEach(() => {
  output.verify();
  fake.reset();
});

function client(overrides: Partial<DebounceClientOptions> = {}): DebounceClient {
  return new DebounceClient({ apiKey: KEY, baseUrl: fake.baseUrl, timeoutMs: 2_000, ...overrides });
}

describe('DebounceClient against the fake', () => {
  it('sends the documented GET with api and email in the query', async () => {
    await client().validate('jane.doe@example.com');
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]).toMatchObject({
      method: 'GET',
      path: '/v1/',
      query: { api: KEY, email: 'jane.doe@example.com' },
    });
  });

  it('accepts the reference-style base URL without a trailing slash', async () => {
    await client({ baseUrl: `${fake.url}/v1` }).validate('jane@example.com');
    expect(fake.requests[0].path).toBe('/v1/');
  });

  it.each([
    ['jane@example.com', 'valid', 100, 'Deliverable', DEBOUNCE_CODES.deliverable],
    ['invalid@example.com', 'invalid', 0, 'Bounce', DEBOUNCE_CODES.invalid],
    ['someone@disposable.test', 'disposable', 0, 'Disposable', DEBOUNCE_CODES.disposable],
    ['catchall@example.com', 'catch-all', 50, 'Accept All', DEBOUNCE_CODES.acceptAll],
    ['unknown@example.com', 'unknown', 30, 'Unknown', DEBOUNCE_CODES.unknown],
    ['info@example.com', 'catch-all', 60, 'Role', DEBOUNCE_CODES.role],
    ['spamtrap@example.com', 'invalid', 0, 'Spam Trap', DEBOUNCE_CODES.spamTrap],
    ['not-an-address', 'invalid', 10, 'Syntax', DEBOUNCE_CODES.syntax],
  ])('%s → %s (score %i)', async (email, result, score, reason, code) => {
    const validation = await client().validate(email);
    expect(validation).toMatchObject({ email, result, score, reason, code, suggestion: null });
  });

  it('maps the flags, the suggestion and the balance', async () => {
    fake.credits = 10;
    const typo = await client().validate('jane@gmial.com');
    expect(typo).toMatchObject({ result: 'invalid', suggestion: 'jane@gmail.com', balance: 9, freeEmail: false });
    const free = await client().validate('jane@gmail.com');
    expect(free).toMatchObject({
      result: 'valid',
      freeEmail: true,
      role: false,
      sendTransactional: true,
      debounceResult: 'Safe to Send',
      balance: 8,
    });
    const role = await client().validate('info@example.com');
    expect(role.role).toBe(true);
  });

  it('honours a per-address verdict override', async () => {
    fake.setVerdict('Jane@Example.com', DEBOUNCE_CODES.unknown);
    expect((await client().validate('jane@example.com')).result).toBe('unknown');
  });

  it('401 for a wrong key is unauthorized, without the key in the message', async () => {
    const error = await crmFailure(client({ apiKey: 'wrong-key' }).validate('jane@example.com'), ['wrong-key']);
    expect(error).toMatchObject({ service: 'debounce', code: 'unauthorized', httpStatus: 401 });
    expect(error.message).toContain('Wrong API');
    expect(error.retryable).toBe(false);
  });

  it('402 once the credits run out, and validations resume after a refill', async () => {
    fake.credits = 1;
    await client().validate('a@example.com');
    const error = await crmFailure(client().validate('b@example.com'), [KEY]);
    expect(error).toMatchObject({ code: 'payment_required', httpStatus: 402 });
    expect(fake.validations.has('b@example.com')).toBe(false);
    fake.credits = 5;
    expect((await client().validate('b@example.com')).result).toBe('valid');
  });

  it('429 carries Retry-After in seconds', async () => {
    fake.script({ type: 'rate_limited', retryAfter: 2 });
    const error = await crmFailure(client().validate('jane@example.com'), [KEY]);
    expect(error).toMatchObject({ code: 'rate_limited', httpStatus: 429, retryAfterMs: 2_000 });
    expect(error.retryable).toBe(true);
  });

  it('429 carries Retry-After as an HTTP-date', async () => {
    const at = new Date(Date.now() + 5_000).toUTCString();
    fake.script({ type: 'rate_limited', retryAfter: at });
    const error = await crmFailure(client().validate('jane@example.com'), [KEY]);
    expect(error.code).toBe('rate_limited');
    expect(error.retryAfterMs).toBeGreaterThan(3_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(5_000);
  });

  it('caps Retry-After', async () => {
    fake.script({ type: 'rate_limited', retryAfter: 3_600 });
    const error = await crmFailure(client({ retryAfterCapMs: 60_000 }).validate('jane@example.com'), [KEY]);
    expect(error.retryAfterMs).toBe(60_000);
  });

  it('more calls than the fake allows concurrently get 429 "Maximum concurrent calls reached"', async () => {
    fake.maxConcurrent = 1;
    fake.latencyMs = 50;
    try {
      const unlimited = client({ maxConcurrent: 0 });
      const results = await Promise.allSettled([
        unlimited.validate('a@example.com'),
        unlimited.validate('b@example.com'),
      ]);
      const rejected = results.filter((result) => result.status === 'rejected');
      expect(rejected).toHaveLength(1);
      // The client's own gate keeps within the documented limit instead.
      const gated = client({ maxConcurrent: 1 });
      await Promise.all([gated.validate('c@example.com'), gated.validate('d@example.com')]);
    } finally {
      fake.maxConcurrent = 0;
      fake.latencyMs = 0;
    }
  });

  it('an HTTP 200 with success 0 is read from its error text', async () => {
    fake.script({
      type: 'http',
      status: 200,
      body: { debounce: { error: 'Credits finished', code: '0' }, success: '0' },
    });
    expect((await crmFailure(client().validate('jane@example.com'), [KEY])).code).toBe('payment_required');
    fake.script({ type: 'http', status: 200, body: { debounce: { error: 'Wrong API', code: '0' }, success: '0' } });
    expect((await crmFailure(client().validate('jane@example.com'), [KEY])).code).toBe('unauthorized');
  });

  it('5xx is server', async () => {
    fake.script({ type: 'server', status: 503 });
    const error = await crmFailure(client().validate('jane@example.com'), [KEY]);
    expect(error).toMatchObject({ code: 'server', httpStatus: 503 });
  });

  it('malformed JSON and an undocumented shape are bad_response', async () => {
    fake.script({ type: 'malformed' });
    expect((await crmFailure(client().validate('jane@example.com'), [KEY])).code).toBe('bad_response');
    fake.script({ type: 'http', status: 200, body: { hello: 'world' } });
    expect((await crmFailure(client().validate('jane@example.com'), [KEY])).code).toBe('bad_response');
  });

  it('a hanging server is a timeout', async () => {
    fake.script({ type: 'hang' });
    const started = performance.now();
    const error = await crmFailure(client({ timeoutMs: 200 }).validate('jane@example.com'), [KEY]);
    expect(error.code).toBe('timeout');
    expect(error.message).toContain('200 ms');
    expect(performance.now() - started).toBeLessThan(1_500);
  });

  it("the caller's signal aborts a call in flight and one not yet sent", async () => {
    fake.script({ type: 'hang' });
    const controller = new AbortController();
    const call = client({ timeoutMs: 5_000 }).validate('jane@example.com', { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('worker stopping')), 50);
    const error = await crmFailure(call, [KEY]);
    expect(error.code).toBe('aborted');
    expect(error.message).toContain('worker stopping');
    const before = await crmFailure(client().validate('jane@example.com', { signal: AbortSignal.abort() }), [KEY]);
    expect(before.code).toBe('aborted');
  });

  it('a refused connection is network, and the key stays out of it', async () => {
    const port = await freePort();
    const error = await crmFailure(client({ baseUrl: `http://127.0.0.1:${port}/v1/` }).validate('jane@example.com'), [
      KEY,
    ]);
    expect(error.code).toBe('network');
    expect(error.message).toMatch(/ECONNREFUSED|fetch failed/);
  });

  it('spaces calls by requestsPerSecond', async () => {
    const spaced = client({ requestsPerSecond: 20 });
    await Promise.all(['a', 'b', 'c'].map((name) => spaced.validate(`${name}@example.com`)));
    const times = fake.requests.map((request) => request.receivedAt).sort((a, b) => a - b);
    expect(times[2] - times[0]).toBeGreaterThanOrEqual(90);
  });

  it('refuses an empty key up front', () => {
    expect(() => new DebounceClient({ apiKey: '' })).toThrow(/empty/);
  });
});

describe('mapDebounceResult (the reference mapping)', () => {
  it.each([
    ['Safe to Send', 5, 'valid'],
    ['Deliverable', null, 'valid'],
    ['Invalid', 6, 'invalid'],
    ['Invalid', 3, 'disposable'],
    ['Risky', 4, 'catch-all'],
    ['Unknown', 7, 'unknown'],
    ['Disposable', null, 'disposable'],
    [null, null, 'unknown'],
  ] as const)('%s / code %s → %s', (text, code, expected) => {
    expect(mapDebounceResult(text, code)).toBe(expected);
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
