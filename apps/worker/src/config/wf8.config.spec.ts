import { BrevoClient, DebounceClient, HubSpotClient, N8nClient } from '@curation/integrations';

import { autoQueueCrms } from './wf8.config';
import { loadWorkerSettings } from './worker.config';

describe('WF8 configuration', () => {
  it('makes each WF8 client unavailable without its setting, saying which', () => {
    const { clients } = loadWorkerSettings({});
    expect({
      debounce: clients.debounce.unavailable,
      brevo: clients.brevo.unavailable,
      hubspot: clients.hubspot.unavailable,
      n8n: clients.n8n.unavailable,
    }).toEqual({
      debounce: 'DEBOUNCE_API_KEY is not set',
      brevo: 'BREVO_API_KEY is not set',
      hubspot: 'HUBSPOT_API_KEY is not set',
      n8n: 'N8N_WEBHOOK_URL is not set',
    });
  });

  it('builds every client from its key and base URL, loopback fakes included', () => {
    const { clients, wf8 } = loadWorkerSettings({
      DEBOUNCE_API_KEY: 'debounce-key-1',
      DEBOUNCE_API_BASE_URL: 'http://127.0.0.1:18101/v1/',
      BREVO_API_KEY: 'brevo-key-123',
      BREVO_API_BASE_URL: 'http://127.0.0.1:18102/v3',
      BREVO_LIST_ID: '7',
      HUBSPOT_API_KEY: 'hubspot-token',
      HUBSPOT_API_BASE_URL: 'http://localhost:18103',
      N8N_WEBHOOK_URL: 'http://127.0.0.1:18104/webhook/contact-enrichment',
      N8N_WEBHOOK_SECRET: 'a-secret-of-16-chars',
      DEBOUNCE_AUTO_QUEUE_CRMS: 'hubspot,brevo,hubspot',
    });
    expect(clients.debounce.build()).toBeInstanceOf(DebounceClient);
    expect(clients.brevo.build()).toBeInstanceOf(BrevoClient);
    expect(clients.hubspot.build()).toBeInstanceOf(HubSpotClient);
    expect(clients.n8n.build()).toBeInstanceOf(N8nClient);
    expect(wf8.BREVO_LIST_ID).toBe(7);
    expect(autoQueueCrms(wf8)).toEqual(['hubspot', 'brevo']);
  });

  it("passes the edges and the handlers' settings on to the registry", () => {
    const { options, workflows } = loadWorkerSettings({
      DEBOUNCE_API_KEY: 'debounce-key-1',
      DEBOUNCE_AUTO_QUEUE_CRMS: 'brevo,n8n',
      DEBOUNCE_CACHE_DAYS: '7',
      DEBOUNCE_QUEUE_CATCH_ALL: 'true',
      HUBSPOT_ALLOW_UNVALIDATED: 'true',
    });
    expect(options.edges).toMatchObject({
      WF8_DEBOUNCE_TO_BREVO: true,
      WF8_DEBOUNCE_TO_HUBSPOT: false,
      WF8_DEBOUNCE_TO_N8N: true,
    });
    expect(options.wf8Debounce).toEqual({ cacheDays: 7, queueCatchAll: true, pauseMs: 900_000 });
    expect(options.wf8Delivery?.hubspot).toEqual({ allowUnvalidated: true, deliverCatchAll: true, pauseMs: 900_000 });
    expect(options.wf8Delivery?.brevo?.allowUnvalidated).toBe(false);
    // Only DeBounce has its key: the three deliveries stay off, each saying why.
    expect(
      workflows
        .filter((w) => w.definition.id.startsWith('wf8-'))
        .map((w) => [w.definition.id, w.enabled, w.disabledBecause]),
    ).toEqual([
      ['wf8-debounce', true, null],
      ['wf8-brevo', false, 'BREVO_API_KEY is not set'],
      ['wf8-hubspot', false, 'HUBSPOT_API_KEY is not set'],
      ['wf8-n8n', false, 'N8N_WEBHOOK_URL is not set'],
    ]);
  });

  it('refuses bad WF8 settings at startup, all listed at once, never echoing a secret', () => {
    let message = '';
    try {
      loadWorkerSettings({
        DEBOUNCE_API_KEY: 'short',
        DEBOUNCE_API_BASE_URL: 'ftp://x',
        DEBOUNCE_AUTO_QUEUE_CRMS: 'brevo,mautic',
        DEBOUNCE_CACHE_DAYS: '-1',
        N8N_WEBHOOK_SECRET: 'tiny',
      });
    } catch (error) {
      message = String(error);
    }
    expect(message).toMatch(/DEBOUNCE_API_KEY/);
    expect(message).toMatch(/DEBOUNCE_API_BASE_URL/);
    expect(message).toMatch(/DEBOUNCE_AUTO_QUEUE_CRMS must be a comma-separated list of brevo, hubspot, n8n/);
    expect(message).toMatch(/DEBOUNCE_CACHE_DAYS/);
    expect(message).toMatch(/N8N_WEBHOOK_SECRET/);
    expect(message).not.toContain('tiny');
    expect(message).not.toContain('short');
  });
});
