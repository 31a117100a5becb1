import { crmFailure, watchOutput } from '../http-client/crm-client.test-support';
import { BrevoClient, BrevoClientOptions } from './brevo.client';
import { brevoAttributes, internationalPhone } from './brevo.mapping';
import { FakeBrevoServer, startFakeBrevoServer } from './fake-brevo.server';

const KEY = 'xkeysib-0123456789abcdef-FAKE';

let fake: FakeBrevoServer;
let output: { verify(): void };

beforeAll(async () => {
  fake = await startFakeBrevoServer({ apiKey: KEY });
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

function client(overrides: Partial<BrevoClientOptions> = {}): BrevoClient {
  return new BrevoClient({ apiKey: KEY, baseUrl: fake.baseUrl, timeoutMs: 2_000, requestsPerSecond: 0, ...overrides });
}

const CONTACT = {
  id: '7d3c2f5e-0000-4000-8000-000000000001',
  email: 'jane.doe@example.com',
  name: 'Jane  van der Doe',
  phone_number: '+1 (916) 555-1000',
  domain_id: '11111111-1111-4111-8111-111111111111',
  page_id: '22222222-2222-4222-8222-222222222222',
  email_type: 'CORPORATE',
  source_url: 'https://example.com/contact',
  has_gmail: false,
};

describe('brevoAttributes (the reference mapping)', () => {
  it('maps name, phone and the custom attributes', () => {
    expect(brevoAttributes(CONTACT)).toEqual({
      FIRSTNAME: 'Jane',
      LASTNAME: 'van der Doe',
      SMS: '+19165551000',
      DOMAIN_ID: CONTACT.domain_id,
      PAGE_ID: CONTACT.page_id,
      EMAIL_TYPE: 'CORPORATE',
      SOURCE_URL: 'https://example.com/contact',
      HAS_GMAIL: 'False',
    });
  });

  it('leaves out what the contact lacks, and national phone numbers', () => {
    expect(brevoAttributes({ id: 'x', email: 'a@b.co', name: 'Cher', phone_number: '(916) 555-1000' })).toEqual({
      FIRSTNAME: 'Cher',
    });
    expect(internationalPhone('+44 20 7946 0958')).toBe('+442079460958');
    expect(internationalPhone('+1 555')).toBeNull();
    expect(internationalPhone('call us')).toBeNull();
  });
});

describe('BrevoClient against the fake', () => {
  it('creates with 201 and the documented body and header', async () => {
    const result = await client({ listId: 7 }).upsertContact({
      email: CONTACT.email,
      attributes: brevoAttributes(CONTACT),
    });
    expect(result).toEqual({ email: CONTACT.email, outcome: 'created', brevoId: 1 });
    const request = fake.requests[0];
    expect(request).toMatchObject({ method: 'POST', path: '/v3/contacts' });
    expect(request.headers['api-key']).toBe(KEY);
    expect(request.body).toEqual({
      email: CONTACT.email,
      attributes: brevoAttributes(CONTACT),
      updateEnabled: true,
      listIds: [7],
    });
  });

  it('a repeat is an update (204), and the fake holds one contact per address', async () => {
    const brevo = client();
    await brevo.upsertContact({ email: 'jane@example.com', attributes: { FIRSTNAME: 'Jane' } });
    const again = await brevo.upsertContact({
      email: 'JANE@example.com',
      attributes: { LASTNAME: 'Doe' },
      listIds: [3],
    });
    expect(again).toEqual({ email: 'JANE@example.com', outcome: 'updated', brevoId: null });
    expect(fake.contacts.size).toBe(1);
    expect(fake.contacts.get('jane@example.com')).toMatchObject({
      attributes: { FIRSTNAME: 'Jane', LASTNAME: 'Doe' },
      listIds: [3],
      updates: 1,
    });
  });

  it('accepts a base URL without /v3', async () => {
    await client({ baseUrl: fake.url }).upsertContact({ email: 'a@example.com' });
    expect(fake.requests[0].path).toBe('/v3/contacts');
  });

  it('400 is rejected with Brevo’s code', async () => {
    const error = await crmFailure(client().upsertContact({ email: 'not-an-address' }), [KEY]);
    expect(error).toMatchObject({
      service: 'brevo',
      code: 'rejected',
      httpStatus: 400,
      serviceCode: 'invalid_parameter',
    });
    expect(error.message).toContain('Invalid email address');
  });

  it('401 is unauthorized and the key is nowhere in the error', async () => {
    const error = await crmFailure(client({ apiKey: 'wrong-brevo-key' }).upsertContact({ email: 'a@example.com' }), [
      'wrong-brevo-key',
    ]);
    expect(error).toMatchObject({ code: 'unauthorized', httpStatus: 401, serviceCode: 'unauthorized' });
  });

  it('429 reads Retry-After, else x-sib-ratelimit-reset', async () => {
    fake.script({ type: 'rate_limited', retryAfter: 2 });
    expect(await crmFailure(client().upsertContact({ email: 'a@example.com' }), [KEY])).toMatchObject({
      code: 'rate_limited',
      retryAfterMs: 2_000,
    });
    fake.script({
      type: 'http',
      status: 429,
      headers: { 'x-sib-ratelimit-reset': '7' },
      body: { code: 'too_many_requests' },
    });
    expect((await crmFailure(client().upsertContact({ email: 'a@example.com' }), [KEY])).retryAfterMs).toBe(7_000);
    fake.script({ type: 'rate_limited', retryAfter: new Date(Date.now() + 4_000).toUTCString() });
    const dated = await crmFailure(client().upsertContact({ email: 'a@example.com' }), [KEY]);
    expect(dated.retryAfterMs).toBeGreaterThan(2_000);
    expect(dated.retryAfterMs).toBeLessThanOrEqual(4_000);
  });

  it('5xx is server, malformed 201 is bad_response, a hang is a timeout, an abort is aborted', async () => {
    fake.script({ type: 'server', status: 502 });
    expect((await crmFailure(client().upsertContact({ email: 'a@example.com' }), [KEY])).code).toBe('server');
    fake.script({ type: 'http', status: 201, body: { nothing: true } });
    expect((await crmFailure(client().upsertContact({ email: 'a@example.com' }), [KEY])).code).toBe('bad_response');
    fake.script({ type: 'malformed' });
    expect((await crmFailure(client().upsertContact({ email: 'a@example.com' }), [KEY])).code).toBe('bad_response');
    fake.script({ type: 'hang' });
    expect((await crmFailure(client({ timeoutMs: 150 }).upsertContact({ email: 'a@example.com' }), [KEY])).code).toBe(
      'timeout',
    );
    fake.script({ type: 'hang' });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const aborted = await crmFailure(
      client().upsertContact({ email: 'a@example.com' }, { signal: controller.signal }),
      [KEY],
    );
    expect(aborted.code).toBe('aborted');
  });

  it('a write the client never heard about (hang after apply) is still one contact after the retry', async () => {
    fake.script({ type: 'hang', afterApply: true });
    const brevo = client({ timeoutMs: 150 });
    expect((await crmFailure(brevo.upsertContact({ email: 'a@example.com' }), [KEY])).code).toBe('timeout');
    expect((await brevo.upsertContact({ email: 'a@example.com' })).outcome).toBe('updated');
    expect(fake.contacts.size).toBe(1);
  });

  it('without updateEnabled the fake answers duplicate_parameter, as Brevo does', async () => {
    await client().upsertContact({ email: 'a@example.com' });
    const response = await fetch(`${fake.baseUrl}/contacts`, {
      method: 'POST',
      headers: { 'api-key': KEY, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'a@example.com' }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ code: 'duplicate_parameter', message: 'Contact already exist' });
  });
});
