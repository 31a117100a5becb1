import { crmFailure, watchOutput } from '../http-client/crm-client.test-support';
import { FakeN8nServer, startFakeN8nServer } from './fake-n8n.server';
import { N8nClient, N8nClientOptions } from './n8n.client';
import { n8nContactPayload, n8nIdempotencyKey } from './n8n.mapping';

const SECRET = 'n8n-webhook-secret-FAKE-0123456789';

let fake: FakeN8nServer;
let output: { verify(): void };

beforeAll(async () => {
  fake = await startFakeN8nServer({ secret: SECRET });
});

afterAll(async () => {
  await fake.close();
});

beforeEach(() => {
  output = watchOutput([SECRET]);
});

afterEach(() => {
  output.verify();
  fake.reset();
});

function client(overrides: Partial<N8nClientOptions> = {}): N8nClient {
  return new N8nClient({ webhookUrl: fake.webhookUrl, secret: SECRET, timeoutMs: 2_000, ...overrides });
}

const CONTACT = { id: 'c-1', email: 'jane@example.com', name: 'Jane Doe', domain_id: 'd-1', page_id: 'p-1' };
const QUEUED_AT = new Date('2025-11-21T10:00:00Z');
const payload = n8nContactPayload(CONTACT, QUEUED_AT);
const KEY = n8nIdempotencyKey(CONTACT.id, 1);

describe('n8nContactPayload (the reference payload)', () => {
  it('has the reference fields, with the caller’s timestamp', () => {
    expect(payload).toEqual({
      contact_id: 'c-1',
      email: 'jane@example.com',
      name: 'Jane Doe',
      scrapersky_domain_id: 'd-1',
      scrapersky_page_id: 'p-1',
      timestamp: '2025-11-21T10:00:00.000Z',
    });
    expect(n8nContactPayload({ id: 'c-2', email: 'x@y.co' }, QUEUED_AT)).toMatchObject({
      name: null,
      scrapersky_domain_id: null,
      scrapersky_page_id: null,
    });
    expect(KEY).toBe('wf8-n8n:c-1:1');
  });
});

describe('N8nClient against the fake', () => {
  it('POSTs the payload with Bearer secret and Idempotency-Key', async () => {
    const result = await client().send(payload, { idempotencyKey: KEY });
    expect(result).toEqual({ status: 200, body: { message: 'Workflow was started' } });
    const request = fake.requests[0];
    expect(request).toMatchObject({ method: 'POST', path: '/webhook/contact-enrichment', body: payload });
    expect(request.headers.authorization).toBe(`Bearer ${SECRET}`);
    expect(request.headers['idempotency-key']).toBe(KEY);
    expect(fake.executions).toEqual([{ idempotencyKey: KEY, payload }]);
  });

  it('a retried delivery starts no second execution; a changed payload under one key is flagged', async () => {
    const n8n = client();
    await n8n.send(payload, { idempotencyKey: KEY });
    await n8n.send(payload, { idempotencyKey: KEY });
    expect(fake.executions).toHaveLength(1);
    expect(fake.deliveries.get(KEY)?.received).toBe(2);
    expect(fake.conflicts).toEqual([]);
    await n8n.send({ ...payload, name: 'Changed' }, { idempotencyKey: KEY });
    expect(fake.conflicts).toHaveLength(1);
    expect(fake.contacts.size).toBe(1);
  });

  it('401 without the secret and 403 with a wrong one are unauthorized', async () => {
    const missing = await crmFailure(client({ secret: null }).send(payload, { idempotencyKey: KEY }), [SECRET]);
    expect(missing).toMatchObject({ service: 'n8n', code: 'unauthorized', httpStatus: 401 });
    const wrong = await crmFailure(client({ secret: 'wrong-secret' }).send(payload, { idempotencyKey: KEY }), [
      'wrong-secret',
    ]);
    expect(wrong).toMatchObject({ code: 'unauthorized', httpStatus: 403 });
    expect(wrong.message).toContain('Authorization data is wrong!');
  });

  it('404 (webhook not registered) is rejected, and the webhook path stays out of the message', async () => {
    const secretPath = `${fake.url}/webhook/3f1c9a7e-secret-path`;
    const error = await crmFailure(client({ webhookUrl: secretPath }).send(payload, { idempotencyKey: KEY }), [
      SECRET,
      '3f1c9a7e-secret-path',
    ]);
    expect(error).toMatchObject({ code: 'rejected', httpStatus: 404 });
  });

  it('429 with Retry-After seconds or date, and 5xx', async () => {
    fake.script({ type: 'rate_limited', retryAfter: 2 });
    expect(await crmFailure(client().send(payload, { idempotencyKey: KEY }), [SECRET])).toMatchObject({
      code: 'rate_limited',
      retryAfterMs: 2_000,
    });
    fake.script({ type: 'rate_limited', retryAfter: new Date(Date.now() + 3_000).toUTCString() });
    expect((await crmFailure(client().send(payload, { idempotencyKey: KEY }), [SECRET])).retryAfterMs).toBeGreaterThan(
      1_000,
    );
    fake.script({ type: 'server', status: 500 });
    expect((await crmFailure(client().send(payload, { idempotencyKey: KEY }), [SECRET])).code).toBe('server');
    expect(fake.executions).toHaveLength(0);
  });

  it('a 2xx with a malformed body is still accepted (fire-and-forget)', async () => {
    fake.script({ type: 'malformed' });
    const result = await client().send(payload, { idempotencyKey: KEY });
    expect(result.status).toBe(200);
    expect(typeof result.body).toBe('string');
  });

  it('timeouts, aborts, and a missing idempotency key', async () => {
    fake.script({ type: 'hang' });
    expect((await crmFailure(client({ timeoutMs: 150 }).send(payload, { idempotencyKey: KEY }), [SECRET])).code).toBe(
      'timeout',
    );
    fake.script({ type: 'hang' });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    expect(
      (await crmFailure(client().send(payload, { idempotencyKey: KEY, signal: controller.signal }), [SECRET])).code,
    ).toBe('aborted');
    expect((await crmFailure(client().send(payload, { idempotencyKey: '' }), [SECRET])).code).toBe('rejected');
  });

  it('refuses a webhook URL that is not a URL', () => {
    expect(() => new N8nClient({ webhookUrl: 'not a url' })).toThrow(/not a URL/);
  });
});
