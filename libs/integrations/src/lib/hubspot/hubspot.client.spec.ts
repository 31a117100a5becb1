import { crmFailure, watchOutput } from '../http-client/crm-client.test-support';
import { FakeHubSpotServer, startFakeHubSpotServer } from './fake-hubspot.server';
import { HUBSPOT_MAX_BATCH, HubSpotClient, HubSpotClientOptions } from './hubspot.client';
import { DEFAULT_HUBSPOT_PROPERTY_NAMES, hubspotProperties } from './hubspot.mapping';

const TOKEN = 'pat-na1-00000000-fake-4000-token-000000000000';

let fake: FakeHubSpotServer;
let output: { verify(): void };

beforeAll(async () => {
  fake = await startFakeHubSpotServer({
    apiKey: TOKEN,
    knownProperties: Object.values(DEFAULT_HUBSPOT_PROPERTY_NAMES),
  });
});

afterAll(async () => {
  await fake.close();
});

beforeEach(() => {
  output = watchOutput([TOKEN]);
});

afterEach(() => {
  output.verify();
  fake.reset();
});

function client(overrides: Partial<HubSpotClientOptions> = {}): HubSpotClient {
  return new HubSpotClient({
    apiKey: TOKEN,
    baseUrl: fake.baseUrl,
    timeoutMs: 2_000,
    requestsPerSecond: 0,
    ...overrides,
  });
}

const input = (email: string, extra: Record<string, string> = {}) => ({ email, properties: { email, ...extra } });

describe('hubspotProperties (the reference mapping)', () => {
  it('maps email, name, phone, ids and the sync date', () => {
    expect(
      hubspotProperties(
        {
          id: 'c',
          email: 'jane@example.com',
          name: 'Jane Doe',
          phone_number: '916-555-1000',
          domain_id: 'd',
          page_id: 'p',
        },
        { syncDate: new Date('2025-11-21T23:59:00Z') },
      ),
    ).toEqual({
      email: 'jane@example.com',
      firstname: 'Jane',
      lastname: 'Doe',
      phone: '916-555-1000',
      scrapersky_domain_id: 'd',
      scrapersky_page_id: 'p',
      scrapersky_sync_date: '2025-11-21',
    });
  });

  it('uses configured property names', () => {
    const properties = hubspotProperties(
      { id: 'c', email: 'a@b.co', domain_id: 'd' },
      { names: { domainId: 'my_domain' } },
    );
    expect(properties.my_domain).toBe('d');
  });
});

describe('HubSpotClient against the fake', () => {
  it('sends the documented batch upsert keyed on email and maps ids per address', async () => {
    const result = await client().batchUpsertContacts([
      input('a@example.com', { firstname: 'A' }),
      input('b@example.com', { scrapersky_sync_date: '2025-11-21' }),
    ]);
    const request = fake.requests[0];
    expect(request).toMatchObject({ method: 'POST', path: '/crm/v3/objects/contacts/batch/upsert' });
    expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(request.body).toEqual({
      inputs: [
        { id: 'a@example.com', idProperty: 'email', properties: { email: 'a@example.com', firstname: 'A' } },
        {
          id: 'b@example.com',
          idProperty: 'email',
          properties: { email: 'b@example.com', scrapersky_sync_date: '2025-11-21' },
        },
      ],
    });
    expect([...result.upserted.values()]).toEqual([
      { email: 'a@example.com', id: '1001', created: true },
      { email: 'b@example.com', id: '1002', created: true },
    ]);
    expect(result.failed.size).toBe(0);
    expect(result.unaccounted).toEqual([]);
  });

  it('a repeated batch updates the same records: one record per address', async () => {
    const hubspot = client();
    await hubspot.batchUpsertContacts([input('a@example.com'), input('b@example.com')]);
    const again = await hubspot.batchUpsertContacts([
      input('A@example.com', { lastname: 'Z' }),
      input('c@example.com'),
    ]);
    expect(again.upserted.get('a@example.com')).toEqual({ email: 'A@example.com', id: '1001', created: false });
    expect(again.upserted.get('c@example.com')?.created).toBe(true);
    expect(fake.contacts.size).toBe(3);
    expect(fake.contacts.get('a@example.com')?.properties.lastname).toBe('Z');
  });

  it('sends a repeated address once (HubSpot refuses duplicate ids), last properties winning', async () => {
    const result = await client().batchUpsertContacts([
      input('a@example.com', { firstname: 'Old' }),
      input('A@EXAMPLE.COM', { firstname: 'New' }),
    ]);
    expect(fake.requests[0].body).toMatchObject({ inputs: [{ id: 'A@EXAMPLE.COM' }] });
    expect(result.upserted.size).toBe(1);
    expect(fake.contacts.get('a@example.com')?.properties.firstname).toBe('New');
  });

  it('makes no call for an empty list and refuses more than 100 without a call', async () => {
    expect((await client().batchUpsertContacts([])).upserted.size).toBe(0);
    const many = Array.from({ length: HUBSPOT_MAX_BATCH + 1 }, (_, i) => input(`p${i}@example.com`));
    expect((await crmFailure(client().batchUpsertContacts(many), [TOKEN])).code).toBe('rejected');
    expect(fake.requests).toHaveLength(0);
    const hundred = await client().batchUpsertContacts(many.slice(0, HUBSPOT_MAX_BATCH));
    expect(hundred.upserted.size).toBe(100);
  });

  it('upsertContact returns the one record', async () => {
    expect(await client().upsertContact(input('solo@example.com'))).toEqual({
      email: 'solo@example.com',
      id: '1001',
      created: true,
    });
  });

  it('400 (unknown property, invalid e-mail) is rejected with the category and writes nothing', async () => {
    const unknown = await crmFailure(client().batchUpsertContacts([input('a@example.com', { nope: 'x' })]), [TOKEN]);
    expect(unknown).toMatchObject({ code: 'rejected', httpStatus: 400, serviceCode: 'VALIDATION_ERROR' });
    expect(unknown.message).toContain('"nope" does not exist');
    const invalid = await crmFailure(client().batchUpsertContacts([input('a@example.com'), input('broken')]), [TOKEN]);
    expect(invalid.code).toBe('rejected');
    expect(fake.contacts.size).toBe(0);
  });

  it('401 is unauthorized with the token redacted', async () => {
    const error = await crmFailure(client({ apiKey: 'pat-wrong' }).batchUpsertContacts([input('a@example.com')]), [
      'pat-wrong',
    ]);
    expect(error).toMatchObject({ service: 'hubspot', code: 'unauthorized', serviceCode: 'INVALID_AUTHENTICATION' });
  });

  it('429: Retry-After when sent (seconds or date), else the policy window', async () => {
    fake.script({ type: 'rate_limited', retryAfter: 2 });
    expect(await crmFailure(client().batchUpsertContacts([input('a@example.com')]), [TOKEN])).toMatchObject({
      code: 'rate_limited',
      retryAfterMs: 2_000,
      serviceCode: 'RATE_LIMIT',
    });
    fake.script({ type: 'rate_limited', retryAfter: new Date(Date.now() + 3_000).toUTCString() });
    const dated = await crmFailure(client().batchUpsertContacts([input('a@example.com')]), [TOKEN]);
    expect(dated.retryAfterMs).toBeGreaterThan(1_000);
    expect(dated.retryAfterMs).toBeLessThanOrEqual(3_000);
    fake.script({ type: 'rate_limited', retryAfter: null });
    expect((await crmFailure(client().batchUpsertContacts([input('a@example.com')]), [TOKEN])).retryAfterMs).toBe(
      10_000,
    );
  });

  it('5xx, malformed JSON, results without ids, hangs and aborts', async () => {
    fake.script({ type: 'server', status: 500 });
    expect((await crmFailure(client().batchUpsertContacts([input('a@example.com')]), [TOKEN])).code).toBe('server');
    fake.script({ type: 'malformed' });
    expect((await crmFailure(client().batchUpsertContacts([input('a@example.com')]), [TOKEN])).code).toBe(
      'bad_response',
    );
    fake.script({ type: 'http', status: 200, body: { status: 'COMPLETE', results: [{ properties: {} }] } });
    expect((await crmFailure(client().batchUpsertContacts([input('a@example.com')]), [TOKEN])).code).toBe(
      'bad_response',
    );
    fake.script({ type: 'hang' });
    expect(
      (await crmFailure(client({ timeoutMs: 150 }).batchUpsertContacts([input('a@example.com')]), [TOKEN])).code,
    ).toBe('timeout');
    const aborted = await crmFailure(
      client().batchUpsertContacts([input('a@example.com')], { signal: AbortSignal.abort(new Error('stop')) }),
      [TOKEN],
    );
    expect(aborted.code).toBe('aborted');
  });

  it('207 multi-status: named failures and unaccounted addresses', async () => {
    fake.script({
      type: 'http',
      status: 207,
      body: {
        status: 'COMPLETE',
        results: [{ id: '9', properties: { email: 'a@example.com' }, new: true }],
        errors: [
          { status: 'error', category: 'VALIDATION_ERROR', message: 'bad phone', context: { ids: ['b@example.com'] } },
        ],
      },
    });
    const result = await client().batchUpsertContacts([
      input('a@example.com'),
      input('b@example.com'),
      input('c@example.com'),
    ]);
    expect(result.upserted.get('a@example.com')?.id).toBe('9');
    expect(result.failed.get('b@example.com')).toEqual({ message: 'bad phone', category: 'VALIDATION_ERROR' });
    expect(result.unaccounted).toEqual(['c@example.com']);
  });
});
