import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { getMetadataStorage } from 'class-validator';

import { ConfigValidationError, WorkflowId, WORKFLOWS } from '@curation/sdk';

import { loadWorkerSettings, WorkerConfig } from './worker.config';

describe('worker configuration', () => {
  it('defaults every workflow from its definition and enables exactly those with a handler', () => {
    const settings = loadWorkerSettings({});
    const wf3 = settings.workflows.find((w) => w.definition.id === WorkflowId.DomainExtraction);
    expect(wf3).toMatchObject({
      enabled: true,
      tuning: { intervalMs: 10_000, batchSize: 100, concurrency: 1, maxAttempts: 3, leaseMs: 30_000 },
    });
    expect(settings.workflows.filter((w) => w.enabled).map((w) => w.definition.id)).toEqual([
      WorkflowId.DomainExtraction,
      WorkflowId.SitemapDiscovery,
      WorkflowId.SitemapImport,
      WorkflowId.PageCuration,
    ]);
    expect(settings.config.SWEEP_INTERVAL_MS).toBe(15_000);
  });

  it('enables WF1 and WF2 by default once a Google key is configured, and validates the Google settings', () => {
    const settings = loadWorkerSettings({ GOOGLE_MAPS_API_KEY: 'k', GOOGLE_PLACES_API: 'new' });
    expect(settings.workflows.filter((w) => w.enabled).map((w) => w.definition.id)).toEqual([
      WorkflowId.PlaceSearch,
      WorkflowId.DeepScan,
      WorkflowId.DomainExtraction,
      WorkflowId.SitemapDiscovery,
      WorkflowId.SitemapImport,
      WorkflowId.PageCuration,
    ]);
    expect(settings.clients.googlePlaces.unavailable).toBeNull();
    expect(loadWorkerSettings({}).clients.googlePlaces.unavailable).toBe('GOOGLE_MAPS_API_KEY is not set');
    expect(() => loadWorkerSettings({ GOOGLE_PLACES_API: 'beta', GOOGLE_PLACES_BASE_URL: 'not a url' })).toThrow(
      /GOOGLE_PLACES_API must be legacy or new[\s\S]*GOOGLE_PLACES_BASE_URL must be an http\(s\) URL/,
    );
  });

  it('switches the WF3 → WF4 edge with EDGE_WF3_TO_WF4_ENABLED (on by default) and hands it to the handlers', () => {
    expect(loadWorkerSettings({}).options.edges).toMatchObject({ WF3_TO_WF4: true });
    expect(loadWorkerSettings({ EDGE_WF3_TO_WF4_ENABLED: 'false' }).options.edges).toMatchObject({ WF3_TO_WF4: false });
    expect(() => loadWorkerSettings({ EDGE_WF3_TO_WF4_ENABLED: 'sometimes' })).toThrow(/EDGE_WF3_TO_WF4_ENABLED/);
  });

  it('validates the fetch settings, connect-to rules included', () => {
    expect(
      loadWorkerSettings({ FETCH_CONNECT_TO: 'shop.example.test:80:127.0.0.1:8080' }).clients.fetcher.unavailable,
    ).toBeNull();
    expect(() => loadWorkerSettings({ FETCH_CONNECT_TO: 'nonsense', FETCH_CONTACT_URL: 'mailto:me' })).toThrow(
      /FETCH_CONTACT_URL must be an http\(s\) URL[\s\S]*FETCH_CONNECT_TO must be comma-separated/,
    );
  });

  it('defaults the fetch bounds to what a 256 MB worker holds, ports 80 and 443 only', () => {
    expect(loadWorkerSettings({}).config).toMatchObject({
      FETCH_MAX_BYTES: 10_485_760,
      FETCH_MAX_INFLIGHT_BYTES: 67_108_864,
      FETCH_MAX_STREAM_BYTES: 52_428_800,
      FETCH_STREAM_TIMEOUT_MS: 600_000,
      FETCH_HOST_WAIT_MS: 60_000,
      FETCH_ALLOWED_PORTS: '80,443',
    });
    expect(
      loadWorkerSettings({ FETCH_ALLOWED_PORTS: '80, 443, 8443', FETCH_HOST_WAIT_MS: '5000' }).config,
    ).toMatchObject({ FETCH_ALLOWED_PORTS: '80, 443, 8443', FETCH_HOST_WAIT_MS: 5_000 });
    expect(() => loadWorkerSettings({ FETCH_ALLOWED_PORTS: '80,http', FETCH_HOST_WAIT_MS: '1' })).toThrow(
      /FETCH_ALLOWED_PORTS must be comma-separated ports[\s\S]*FETCH_HOST_WAIT_MS must not be less than 100|FETCH_HOST_WAIT_MS must not be less than 100[\s\S]*FETCH_ALLOWED_PORTS must be comma-separated ports/,
    );
  });

  it('reads <WF>_* variables', () => {
    const settings = loadWorkerSettings({
      WF3_DOMAIN_EXTRACTION_INTERVAL_MS: '60000',
      WF3_DOMAIN_EXTRACTION_BATCH_SIZE: '250',
      WF3_DOMAIN_EXTRACTION_CONCURRENCY: '4',
      WF3_DOMAIN_EXTRACTION_MAX_ATTEMPTS: '7',
      WF3_DOMAIN_EXTRACTION_LEASE_MS: '5000',
      WF3_DOMAIN_EXTRACTION_ENABLED: 'false',
    });
    expect(settings.workflows.find((w) => w.definition.id === WorkflowId.DomainExtraction)).toMatchObject({
      enabled: false,
      tuning: { intervalMs: 60_000, batchSize: 250, concurrency: 4, maxAttempts: 7, leaseMs: 5_000 },
    });
  });

  it('lists every problem at once, including enabling a workflow that has no handler yet', () => {
    let error: unknown;
    try {
      loadWorkerSettings({
        WF3_DOMAIN_EXTRACTION_BATCH_SIZE: 'lots',
        WF2_DEEP_SCAN_ENABLED: 'true',
        SWEEP_INTERVAL_MS: '5',
        WF7_PAGE_CURATION_LEASE_MS: '-1',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigValidationError);
    expect((error as ConfigValidationError).problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^SWEEP_INTERVAL_MS must not be less than 1000/),
        expect.stringMatching(/^WF3_DOMAIN_EXTRACTION_BATCH_SIZE must be an integer number/),
        'WF2_DEEP_SCAN_ENABLED=true, but GOOGLE_MAPS_API_KEY is not set',
        expect.stringMatching(/^WF7_PAGE_CURATION_LEASE_MS must not be less than 1000/),
      ]),
    );
  });
});

describe('worker configuration reference', () => {
  it('documents every variable the worker validates, and every workflow prefix, in docs/operations.md', () => {
    const runbook = readFileSync(resolve(__dirname, '../../../../docs/operations.md'), 'utf8');
    const variables = [
      ...new Set(
        getMetadataStorage()
          .getTargetValidationMetadatas(WorkerConfig, '', true, false)
          .map((m) => m.propertyName),
      ),
    ];
    expect(variables).toEqual(
      expect.arrayContaining(['DATABASE_URL', 'SWEEP_INTERVAL_MS', 'FETCH_PER_HOST_DELAY_MS', 'WORKER_ID']),
    );
    expect(variables.filter((name) => !runbook.includes(`| \`${name}\` |`))).toEqual([]);
    for (const suffix of ['ENABLED', 'INTERVAL_MS', 'BATCH_SIZE', 'CONCURRENCY', 'MAX_ATTEMPTS', 'LEASE_MS'])
      expect(runbook).toContain(`| \`<WF>_${suffix}\` |`);
    expect(WORKFLOWS.map((w) => w.configPrefix).filter((prefix) => !runbook.includes(`\`${prefix}\``))).toEqual([]);
  });
});
