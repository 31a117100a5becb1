import { DataSource } from 'typeorm';

import {
  BrevoClient,
  DebounceClient,
  GooglePlacesClient,
  HubSpotClient,
  N8nClient,
  SafeFetcher,
} from '@curation/integrations';

import { outcome } from '../scheduler/outcome';
import { ClientProvider, ClientProviders, WorkflowClientPool } from './workflow-clients';
import { WF3_DOMAIN_EXTRACTION, WORKFLOWS } from './workflow-definitions';
import { registerWorkflow, WORKFLOW_REGISTRY } from './workflow-registry';

function provider<T>(
  make: () => T,
  closed: string[],
  name: string,
  unavailable: string | null = null,
): ClientProvider<T> & { built: number } {
  const p = {
    unavailable,
    built: 0,
    build: () => {
      p.built += 1;
      return make();
    },
    close: async () => {
      closed.push(name);
    },
  };
  return p;
}

/** A client this test never configures: asking for it must fail, never build. */
function absent<T>(name: string): ClientProvider<T> {
  return {
    unavailable: `${name} is not configured in this test`,
    build: () => {
      throw new Error(`${name} is not configured in this test`);
    },
    close: async () => undefined,
  };
}

const NO_WF8_CLIENTS = {
  debounce: absent<DebounceClient>('debounce'),
  brevo: absent<BrevoClient>('brevo'),
  hubspot: absent<HubSpotClient>('hubspot'),
  n8n: absent<N8nClient>('n8n'),
};

describe('workflow registry', () => {
  it('holds one entry per definition, in pipeline order', () => {
    expect(WORKFLOW_REGISTRY.map((entry) => entry.definition)).toEqual([...WORKFLOWS]);
    expect(new Set(WORKFLOW_REGISTRY.map((entry) => entry.definition.id)).size).toBe(WORKFLOWS.length);
  });

  it('declares the clients each shipped handler needs', () => {
    expect(Object.fromEntries(WORKFLOW_REGISTRY.map((entry) => [entry.definition.id, entry.requires]))).toEqual({
      'wf1-place-search': ['googlePlaces'],
      'wf2-deep-scan': ['googlePlaces'],
      'wf3-domain-extraction': [],
      'wf4-sitemap-discovery': ['fetcher'],
      'wf5-sitemap-import': ['fetcher'],
      'wf7-page-curation': ['fetcher'],
      'wf8-debounce': ['debounce'],
      'wf8-brevo': ['brevo'],
      'wf8-hubspot': ['hubspot'],
      'wf8-n8n': ['n8n'],
    });
  });

  it('calls the handler factory once per loop, with the declared clients and the options', async () => {
    const closed: string[] = [];
    const fetcher = new SafeFetcher({ userAgent: 'registry-test' });
    const providers: ClientProviders = {
      googlePlaces: provider(() => new GooglePlacesClient({ flavour: 'legacy', apiKey: 'k' }), closed, 'google'),
      fetcher: provider(() => fetcher, closed, 'fetcher'),
      ...NO_WF8_CLIENTS,
    };
    const pool = new WorkflowClientPool(providers);
    const calls: unknown[] = [];
    const entry = registerWorkflow({
      definition: WF3_DOMAIN_EXTRACTION,
      requires: ['fetcher'],
      handler: (clients, options) => {
        calls.push([clients.fetcher, options]);
        return { process: async (items) => items.map(() => outcome.done(null)) };
      },
    });
    const loop = entry.createLoop(
      new DataSource({ type: 'postgres' }),
      pool.clients,
      { placeSearchMaxPages: 2 },
      { owner: 'registry-test', tuning: WF3_DOMAIN_EXTRACTION.defaults },
    );
    expect(loop.definition).toBe(WF3_DOMAIN_EXTRACTION);
    expect(calls).toEqual([[fetcher, { placeSearchMaxPages: 2 }]]);
    await pool.close();
    expect(closed).toEqual(['fetcher']);
    await fetcher.close();
  });
});

describe('workflow client pool', () => {
  it('builds a client on first use only, once, and closes every client it built', async () => {
    const closed: string[] = [];
    const google = provider(() => new GooglePlacesClient({ flavour: 'legacy', apiKey: 'k' }), closed, 'google');
    const fetcher = provider(() => new SafeFetcher({ userAgent: 'pool-test' }), closed, 'fetcher');
    const pool = new WorkflowClientPool({ googlePlaces: google, fetcher, ...NO_WF8_CLIENTS });
    expect(google.built + fetcher.built).toBe(0);
    expect(pool.clients.fetcher).toBe(pool.clients.fetcher);
    void pool.clients.googlePlaces;
    expect([google.built, fetcher.built]).toEqual([1, 1]);
    await pool.close();
    expect(closed.sort()).toEqual(['fetcher', 'google']);
    await pool.clients.fetcher.close();
    await pool.close();
    expect(closed).toHaveLength(2);
  });

  it('never builds an unavailable client: asking for one says why', () => {
    const closed: string[] = [];
    const google = provider(
      () => new GooglePlacesClient({ flavour: 'legacy', apiKey: 'k' }),
      closed,
      'google',
      'GOOGLE_MAPS_API_KEY is not set',
    );
    const pool = new WorkflowClientPool({
      googlePlaces: google,
      fetcher: provider(() => new SafeFetcher({ userAgent: 'x' }), closed, 'fetcher'),
      ...NO_WF8_CLIENTS,
    });
    expect(() => pool.clients.googlePlaces).toThrow('GOOGLE_MAPS_API_KEY is not set');
    expect(google.built).toBe(0);
  });
});
