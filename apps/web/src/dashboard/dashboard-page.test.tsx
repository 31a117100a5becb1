import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { createApiClient } from '../api/client';
import { DashboardPage } from './dashboard-page';

afterEach(cleanup);

const workflow = (over: Record<string, unknown>) => ({
  workflow: 'wf3-domain-extraction',
  table: 'local_businesses',
  curation_column: 'status',
  processing_column: 'domain_extraction_status',
  curation_counts: {},
  processing_counts: {},
  counts_are_estimates: false,
  oldest_queued_age_seconds: null,
  expired_leases: 0,
  latest_errors: [],
  paused: null,
  last_hour: { done: 0, failed: 0, at_least: false },
  lease_holders: [],
  queues: [],
  ...over,
});

describe('DashboardPage', () => {
  it('shows each workflow’s queue, throughput, age, leases, pause and latest error, and draws the pipeline', async () => {
    const body = {
      snapshot_at: '2026-12-04T10:00:00.000Z',
      counts_are_estimates: true,
      api_queues: [
        { edge: 'api-to-wf1', to: 'wf1-place-search', queues: 'every search', switch: null, enabled_by_default: true },
      ],
      workflows: [
        workflow({
          processing_counts: { Queued: 1200, Error: 3, null: 50 },
          oldest_queued_age_seconds: 4_000,
          expired_leases: 2,
          last_hour: { done: 1000, failed: 7, at_least: true },
          lease_holders: [
            { worker: 'worker-a', rows: 100, lease_expires_at: '2026-12-04T10:05:00.000Z' },
            { worker: 'worker-b', rows: 40, lease_expires_at: '2026-12-04T10:06:00.000Z' },
          ],
          latest_errors: [{ id: 'x', error: 'website is a Facebook page', updated_at: '2026-12-04T09:59:00.000Z' }],
          queues: [
            {
              edge: 'wf3-to-wf4',
              to: 'wf4-sitemap-discovery',
              queues: 'new domains',
              switch: 'EDGE_WF3_TO_WF4_ENABLED',
              enabled_by_default: true,
            },
          ],
        }),
        workflow({ workflow: 'wf4-sitemap-discovery', table: 'domains' }),
        workflow({
          workflow: 'wf8-debounce',
          paused: {
            until: '2026-12-04T10:15:00.000Z',
            reason: 'DeBounce 402: credits exhausted',
            paused_by: 'worker-1',
          },
        }),
      ],
    };
    vi.stubGlobal(
      'fetch',
      vi.fn(
        async () =>
          new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } }),
      ),
    );
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    render(
      <QueryClientProvider client={client}>
        <DashboardPage
          api={createApiClient(
            () => 't',
            () => undefined,
            'http://console.test',
          )}
        />
      </QueryClientProvider>,
    );
    const wf3 = (await screen.findByRole('rowheader', { name: 'wf3-domain-extraction' })).closest('tr') as HTMLElement;
    const cells = within(wf3)
      .getAllByRole('cell')
      .map((c) => c.textContent);
    expect(cells).toEqual([
      'Queued 1,200 · Error 3',
      '≥ 1,000 done · ≥ 7 failed',
      '67 min',
      '2',
      'worker-a (100), worker-b (40)',
      'not paused',
      'website is a Facebook page',
      '→ wf4-sitemap-discovery',
    ]);
    const wf8 = screen.getByRole('rowheader', { name: 'wf8-debounce' }).closest('tr') as HTMLElement;
    expect(within(wf8).getAllByRole('cell')[5].textContent).toMatch(
      /^paused until .*: DeBounce 402: credits exhausted$/,
    );
    expect(screen.getByText(/some counts are estimates/)).toBeTruthy();
    // The failure links to the tab that lists the workflow's rows.
    expect(within(wf3).getByRole('link', { name: 'website is a Facebook page' }).getAttribute('href')).toBe(
      '#businesses',
    );
    // The pipeline drawn: WF3 queues WF4 itself (an edge on by default); WF8 follows a person's selection.
    const stages = within(screen.getByRole('list', { name: 'Pipeline' })).getAllByRole('listitem');
    expect(stages.map((s) => s.textContent)).toEqual([
      'wf3-domain-extraction1,200 queued',
      'auto →wf4-sitemap-discovery0 queued',
      'curated →wf8-debounce0 queued',
    ]);
  });
});
