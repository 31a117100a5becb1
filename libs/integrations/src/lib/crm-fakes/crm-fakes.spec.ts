import { BrevoClient } from '../brevo/brevo.client';
import { DebounceClient } from '../debounce/debounce.client';
import { HubSpotClient } from '../hubspot/hubspot.client';
import { N8nClient } from '../n8n/n8n.client';
import { CrmFakes, startCrmFakes } from './crm-fakes';
import { startFakeService } from './fake-service';

let fakes: CrmFakes;

beforeAll(async () => {
  fakes = await startCrmFakes();
});

afterAll(async () => {
  await fakes.close();
});

afterEach(() => {
  fakes.reset();
  fakes.setLatency(0);
});

function clientsFromEnv() {
  const env = fakes.env();
  return {
    debounce: new DebounceClient({
      apiKey: env.DEBOUNCE_API_KEY,
      baseUrl: env.DEBOUNCE_API_BASE_URL,
      maxConcurrent: 0,
    }),
    brevo: new BrevoClient({ apiKey: env.BREVO_API_KEY, baseUrl: env.BREVO_API_BASE_URL, requestsPerSecond: 0 }),
    hubspot: new HubSpotClient({
      apiKey: env.HUBSPOT_API_KEY,
      baseUrl: env.HUBSPOT_API_BASE_URL,
      requestsPerSecond: 0,
    }),
    n8n: new N8nClient({ webhookUrl: env.N8N_WEBHOOK_URL, secret: env.N8N_WEBHOOK_SECRET }),
  };
}

describe('startCrmFakes', () => {
  it('env() points all four clients at the fakes with keys they accept', async () => {
    const clients = clientsFromEnv();
    expect((await clients.debounce.validate('a@example.com')).result).toBe('valid');
    expect((await clients.brevo.upsertContact({ email: 'a@example.com' })).outcome).toBe('created');
    expect((await clients.hubspot.upsertContact({ email: 'a@example.com', properties: {} })).created).toBe(true);
    expect((await clients.n8n.send({ email: 'a@example.com' }, { idempotencyKey: 'k' })).status).toBe(200);
    expect(Object.keys(fakes.env()).sort()).toEqual([
      'BREVO_API_BASE_URL',
      'BREVO_API_KEY',
      'DEBOUNCE_API_BASE_URL',
      'DEBOUNCE_API_KEY',
      'HUBSPOT_API_BASE_URL',
      'HUBSPOT_API_KEY',
      'N8N_WEBHOOK_SECRET',
      'N8N_WEBHOOK_URL',
    ]);
  });

  it('setLatency delays every answer (50 concurrent calls at 50 ms take about 50 ms, not 2.5 s)', async () => {
    fakes.setLatency(50);
    const { brevo } = clientsFromEnv();
    const started = performance.now();
    await Promise.all(Array.from({ length: 50 }, (_, i) => brevo.upsertContact({ email: `p${i}@example.com` })));
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(45);
    expect(elapsed).toBeLessThan(1_000);
    expect(fakes.brevo.contacts.size).toBe(50);
  });

  it('reset clears requests, stores, scripts and credits', async () => {
    fakes.debounce.credits = 0;
    fakes.brevo.script({ type: 'server' }, 3);
    await clientsFromEnv().hubspot.upsertContact({ email: 'a@example.com', properties: {} });
    fakes.reset();
    expect(fakes.debounce.credits).toBe(Number.POSITIVE_INFINITY);
    expect(fakes.brevo.pendingScripts).toBe(0);
    expect(fakes.hubspot.contacts.size).toBe(0);
    expect(fakes.hubspot.requests).toHaveLength(0);
  });
});

describe('fake scripts', () => {
  it('apply to the next N requests in order, then normal answers resume; every request is recorded', async () => {
    const { brevo } = clientsFromEnv();
    fakes.brevo.script({ type: 'rate_limited', retryAfter: 2 }, 2);
    fakes.brevo.script({ type: 'server', status: 503 });
    const outcomes: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      outcomes.push(
        await brevo.upsertContact({ email: 'a@example.com' }).then(
          (result) => result.outcome,
          (error: { code: string }) => error.code,
        ),
      );
    }
    expect(outcomes).toEqual(['rate_limited', 'rate_limited', 'server', 'created']);
    expect(fakes.brevo.requests.map((request) => request.status)).toEqual([429, 429, 503, 201]);
    expect(fakes.brevo.contacts.size).toBe(1);
  });

  it('a delay fault answers normally after the wait', async () => {
    fakes.n8n.script({ type: 'delay', ms: 60 });
    const started = performance.now();
    await clientsFromEnv().n8n.send({ email: 'a@example.com' }, { idempotencyKey: 'k' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
    expect(fakes.n8n.executions).toHaveLength(1);
  });

  it('the DeBounce credit counter counts down and refills', async () => {
    fakes.debounce.credits = 2;
    const { debounce } = clientsFromEnv();
    await debounce.validate('a@example.com');
    await debounce.validate('a@example.com');
    expect(fakes.debounce.credits).toBe(0);
    expect(fakes.debounce.validations.get('a@example.com')).toBe(2);
    await expect(debounce.validate('b@example.com')).rejects.toMatchObject({ code: 'payment_required' });
    fakes.debounce.credits = 1;
    await expect(debounce.validate('b@example.com')).resolves.toMatchObject({ result: 'valid' });
  });
});

describe('startFakeService', () => {
  it('listens on a given port', async () => {
    const probe = await startFakeService(
      { unauthorized: () => ({ status: 401 }), rateLimited: () => ({ status: 429 }), server: (status) => ({ status }) },
      () => ({ status: 200, body: { ok: true } }),
    );
    const port = Number(new URL(probe.url).port);
    await probe.close();
    const fixed = await startFakeService(
      { unauthorized: () => ({ status: 401 }), rateLimited: () => ({ status: 429 }), server: (status) => ({ status }) },
      () => ({ status: 200, body: { ok: true } }),
      { port },
    );
    try {
      expect(fixed.url).toBe(`http://127.0.0.1:${port}`);
      expect(await (await fetch(fixed.url)).json()).toEqual({ ok: true });
      expect(fixed.requests[0].body).toBeUndefined();
    } finally {
      await fixed.close();
    }
  });
});
