import { FakeBrevoOptions, FakeBrevoServer, startFakeBrevoServer } from '../brevo/fake-brevo.server';
import { FakeDebounceOptions, FakeDebounceServer, startFakeDebounceServer } from '../debounce/fake-debounce.server';
import { FakeHubSpotOptions, FakeHubSpotServer, startFakeHubSpotServer } from '../hubspot/fake-hubspot.server';
import { FakeN8nOptions, FakeN8nServer, startFakeN8nServer } from '../n8n/fake-n8n.server';

export interface CrmFakesOptions {
  debounce?: FakeDebounceOptions;
  brevo?: FakeBrevoOptions;
  hubspot?: FakeHubSpotOptions;
  n8n?: FakeN8nOptions;
  /** Applied to all four unless their own options set it. */
  latencyMs?: number;
}

export interface CrmFakes {
  debounce: FakeDebounceServer;
  brevo: FakeBrevoServer;
  hubspot: FakeHubSpotServer;
  n8n: FakeN8nServer;
  /** The worker settings that point at these fakes (keys are whatever each fake accepts). */
  env(): Record<string, string>;
  /** Latency on all four at once (the delivery benchmark's 50 ms). */
  setLatency(ms: number): void;
  reset(): void;
  close(): Promise<void>;
}

/** At least 16 characters: the worker and the API refuse a shorter N8N_WEBHOOK_SECRET, so env() must not give one. */
const DEFAULT_N8N_SECRET = 'fake-n8n-webhook-secret';

/** The four WF8 fakes together, each on its own loopback port. */
export async function startCrmFakes(options: CrmFakesOptions = {}): Promise<CrmFakes> {
  const latency = options.latencyMs === undefined ? {} : { latencyMs: options.latencyMs };
  const debounceOptions = { apiKey: 'fake-debounce-key', ...latency, ...options.debounce };
  const brevoOptions = { apiKey: 'fake-brevo-key', ...latency, ...options.brevo };
  const hubspotOptions = { apiKey: 'fake-hubspot-token', ...latency, ...options.hubspot };
  const n8nOptions = { secret: DEFAULT_N8N_SECRET, ...latency, ...options.n8n };
  const [debounce, brevo, hubspot, n8n] = await Promise.all([
    startFakeDebounceServer(debounceOptions),
    startFakeBrevoServer(brevoOptions),
    startFakeHubSpotServer(hubspotOptions),
    startFakeN8nServer(n8nOptions),
  ]);
  const all = [debounce, brevo, hubspot, n8n];
  return {
    debounce,
    brevo,
    hubspot,
    n8n,
    env: () => ({
      DEBOUNCE_API_BASE_URL: debounce.baseUrl,
      DEBOUNCE_API_KEY: debounceOptions.apiKey ?? 'fake-debounce-key',
      BREVO_API_BASE_URL: brevo.baseUrl,
      BREVO_API_KEY: brevoOptions.apiKey ?? 'fake-brevo-key',
      HUBSPOT_API_BASE_URL: hubspot.baseUrl,
      HUBSPOT_API_KEY: hubspotOptions.apiKey ?? 'fake-hubspot-token',
      N8N_WEBHOOK_URL: n8n.webhookUrl,
      N8N_WEBHOOK_SECRET: n8nOptions.secret ?? DEFAULT_N8N_SECRET,
    }),
    setLatency: (ms) => {
      for (const fake of all) fake.latencyMs = ms;
    },
    reset: () => {
      for (const fake of all) fake.reset();
    },
    close: async () => {
      await Promise.all(all.map((fake) => fake.close()));
    },
  };
}
