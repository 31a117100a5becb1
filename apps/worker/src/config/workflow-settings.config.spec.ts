import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { ConfigValidationError, WorkflowId } from '@curation/sdk';

import { loadWorkerSettings } from './worker.config';
import { loadWorkflowSettings, WORKFLOW_SETTING_KEYS } from './workflow-settings.config';

const { clients } = loadWorkerSettings({});

const tuningOf = (env: Record<string, string>, id: WorkflowId) =>
  loadWorkflowSettings(env, clients).find((w) => w.definition.id === id)?.tuning;

describe('workflow settings: deadlines', () => {
  it('defaults the item deadline and the batch cap from the definitions', () => {
    expect(tuningOf({}, WorkflowId.PageCuration)).toMatchObject({ itemTimeoutMs: 90_000, batchTimeoutMs: 450_000 });
    expect(tuningOf({}, WorkflowId.SitemapImport)).toMatchObject({
      itemTimeoutMs: 1_800_000,
      batchTimeoutMs: 7_200_000,
    });
  });

  it('derives the batch cap again from a changed batch size, concurrency or item deadline, unless it is set', () => {
    expect(tuningOf({ WF7_PAGE_CURATION_ITEM_TIMEOUT_MS: '10000' }, WorkflowId.PageCuration)).toMatchObject({
      itemTimeoutMs: 10_000,
      batchTimeoutMs: 50_000,
    });
    expect(
      tuningOf({ WF7_PAGE_CURATION_BATCH_SIZE: '100', WF7_PAGE_CURATION_CONCURRENCY: '10' }, WorkflowId.PageCuration),
    ).toMatchObject({ batchTimeoutMs: 990_000 });
    expect(
      tuningOf(
        { WF7_PAGE_CURATION_ITEM_TIMEOUT_MS: '10000', WF7_PAGE_CURATION_BATCH_TIMEOUT_MS: '15000' },
        WorkflowId.PageCuration,
      ),
    ).toMatchObject({ batchTimeoutMs: 15_000 });
  });

  it('refuses a batch cap shorter than one item deadline, and deadlines out of range', () => {
    let error: unknown;
    try {
      loadWorkflowSettings(
        {
          WF4_SITEMAP_DISCOVERY_ITEM_TIMEOUT_MS: '60000',
          WF4_SITEMAP_DISCOVERY_BATCH_TIMEOUT_MS: '30000',
          WF5_SITEMAP_IMPORT_ITEM_TIMEOUT_MS: '0',
        },
        clients,
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigValidationError);
    expect((error as ConfigValidationError).problems).toEqual([
      'WF4_SITEMAP_DISCOVERY_BATCH_TIMEOUT_MS (30000) must not be less than WF4_SITEMAP_DISCOVERY_ITEM_TIMEOUT_MS (60000)',
      expect.stringMatching(/^WF5_SITEMAP_IMPORT_ITEM_TIMEOUT_MS must not be less than 100/),
    ]);
  });

  it('works on one batch at a time unless more batches in flight are asked for, and refuses 0 or more than 16', () => {
    expect(tuningOf({}, WorkflowId.DomainExtraction)).toMatchObject({ batchesInFlight: 1 });
    expect(tuningOf({ WF3_DOMAIN_EXTRACTION_BATCHES_IN_FLIGHT: '2' }, WorkflowId.DomainExtraction)).toMatchObject({
      batchesInFlight: 2,
    });
    for (const bad of ['0', '17', 'two'])
      expect(() => loadWorkflowSettings({ WF3_DOMAIN_EXTRACTION_BATCHES_IN_FLIGHT: bad }, clients)).toThrow(
        ConfigValidationError,
      );
  });

  it('documents every per-workflow variable in docs/operations.md', () => {
    const runbook = readFileSync(resolve(__dirname, '../../../../docs/operations.md'), 'utf8');
    expect(WORKFLOW_SETTING_KEYS.filter((key) => !runbook.includes(`| \`<WF>_${key}\` |`))).toEqual([]);
  });
});

describe('workflow settings: requirements come from the clients each registry entry declares', () => {
  const withoutFetcher = { ...clients, fetcher: { ...clients.fetcher, unavailable: 'FETCH_TEST_SWITCH is off' } };

  it('disables by default exactly the workflows that declare an unavailable client', () => {
    const enabled = loadWorkflowSettings({}, withoutFetcher)
      .filter((w) => w.enabled)
      .map((w) => w.definition.id);
    expect(enabled).toEqual([WorkflowId.DomainExtraction]);
  });

  it("refuses <WF>_ENABLED=true with the missing client's own reason, not a reason looked up by workflow id", () => {
    let error: unknown;
    try {
      loadWorkflowSettings({ WF5_SITEMAP_IMPORT_ENABLED: 'true', WF1_PLACE_SEARCH_ENABLED: 'true' }, withoutFetcher);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigValidationError);
    expect((error as ConfigValidationError).problems).toEqual([
      'WF1_PLACE_SEARCH_ENABLED=true, but GOOGLE_MAPS_API_KEY is not set',
      'WF5_SITEMAP_IMPORT_ENABLED=true, but FETCH_TEST_SWITCH is off',
    ]);
  });
});
