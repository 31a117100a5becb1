import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { createApiClient } from '../api/client';
import { BusinessesPage } from './businesses-page';

afterEach(cleanup);

const business = (n: number) => ({
  id: `00000000-0000-4000-8000-00000000000${n}`,
  business_name: `Business ${n}`,
  full_address: null,
  phone: null,
  website_url: `https://b${n}.example.com`,
  status: 'New',
  domain_extraction_status: n === 2 ? 'Error' : null,
  domain_extraction_error: n === 2 ? 'website is a Facebook page' : null,
  created_at: '2026-12-01T10:00:00.000Z',
  updated_at: '2026-12-01T10:00:00.000Z',
  tenant_id: '550e8400-e29b-41d4-a716-446655440000',
});

/** Each page's cursor names where it was read from: `after-page-1`, then `after-after-page-1`, … */
const cursorAfter = (url: string): string => {
  const query = new URL(url).searchParams;
  return `after-${query.get('cursor') ?? `page-${query.get('page')}`}`;
};

/** The API as the console sees it: a list of two businesses that claims 12,000 matching (estimated). */
function fakeApi() {
  const calls: { method: string; url: string; body: unknown }[] = [];
  const fetch = vi.fn(async (input: Request) => {
    const body = input.method === 'GET' ? undefined : await input.json();
    calls.push({ method: input.method, url: input.url, body });
    const json =
      input.method === 'GET'
        ? {
            items: [business(1), business(2)],
            total: 12_000,
            page: 1,
            size: 50,
            pages: 240,
            total_is_estimate: true,
            next_cursor: cursorAfter(input.url),
          }
        : { message: 'Updated 12003 local businesses to Maybe', updated_count: 12_003, queued_count: 0 };
    return new Response(JSON.stringify(json), { status: 200, headers: { 'Content-Type': 'application/json' } });
  });
  vi.stubGlobal('fetch', fetch);
  return {
    api: createApiClient(
      () => 'token',
      () => undefined,
      'http://console.test',
    ),
    calls,
  };
}

function renderPage(api: ReturnType<typeof fakeApi>['api']) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <BusinessesPage api={api} />
    </QueryClientProvider>,
  );
}

describe('BusinessesPage', () => {
  it('lists the page with each row’s processing status and its error reason', async () => {
    const { api, calls } = fakeApi();
    renderPage(api);
    await screen.findByRole('cell', { name: 'Business 1' });
    expect(screen.getByText(/website is a Facebook page/)).toBeTruthy();
    expect(screen.getByText('about 12,000 matching')).toBeTruthy();
    expect(calls[0].url).toBe(
      'http://console.test/api/v3/local-businesses?sort_by=updated_at&sort_dir=desc&page=1&size=50',
    );
  });

  it('pages on by keyset cursor, and back to a page it has seen by that page’s own cursor', async () => {
    const { api, calls } = fakeApi();
    renderPage(api);
    await screen.findByRole('cell', { name: 'Business 1' });
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    await screen.findByText('Page 2 of 240');
    await waitFor(() => expect(calls).toHaveLength(2));
    expect(new URL(calls[1].url).searchParams.get('cursor')).toBe('after-page-1');
    expect(new URL(calls[1].url).searchParams.has('page')).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    await waitFor(() => expect(calls).toHaveLength(3));
    expect(new URL(calls[2].url).searchParams.get('cursor')).toBe('after-after-page-1');
    // A filter change starts again from page 1 by number: the cursors belonged to the old filters.
    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'Maybe' } });
    await waitFor(() => expect(calls).toHaveLength(4));
    expect(new URL(calls[3].url).searchParams.get('page')).toBe('1');
    expect(new URL(calls[3].url).searchParams.has('cursor')).toBe(false);
  });

  it('sends the ticked ids, and only them, with the chosen label', async () => {
    const { api, calls } = fakeApi();
    renderPage(api);
    fireEvent.click(await screen.findByRole('checkbox', { name: 'Select Business 2' }));
    fireEvent.change(screen.getByLabelText('Set status'), { target: { value: 'Not a Fit' } });
    fireEvent.click(screen.getByRole('button', { name: 'Apply to 1 selected' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'PUT')).toBe(true));
    expect(calls.find((c) => c.method === 'PUT')).toEqual({
      method: 'PUT',
      url: 'http://console.test/api/v3/local-businesses/status',
      body: { local_business_ids: [business(2).id], status: 'Not a Fit' },
    });
  });

  it('ticks the page’s failed rows, and only them, so setting them Selected re-queues them', async () => {
    const { api, calls } = fakeApi();
    renderPage(api);
    await screen.findByRole('cell', { name: 'Business 1' });
    fireEvent.click(screen.getByRole('button', { name: 'Tick 1 failed' }));
    expect((screen.getByRole('checkbox', { name: 'Select Business 2' }) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByRole('checkbox', { name: 'Select Business 1' }) as HTMLInputElement).checked).toBe(false);
    fireEvent.change(screen.getByLabelText('Set status'), { target: { value: 'Selected' } });
    fireEvent.click(screen.getByRole('button', { name: 'Apply to 1 selected' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'PUT')).toBe(true));
    expect(calls.find((c) => c.method === 'PUT')?.body).toEqual({
      local_business_ids: [business(2).id],
      status: 'Selected',
    });
  });

  it('changes every matching row through the filtered update, after confirming the estimated count', async () => {
    const { api, calls } = fakeApi();
    renderPage(api);
    fireEvent.change(await screen.findByLabelText('Status'), { target: { value: 'New' } });
    fireEvent.change(screen.getByLabelText('Name contains'), { target: { value: 'keller' } });
    await screen.findByRole('cell', { name: 'Business 1' });
    fireEvent.click(screen.getByRole('button', { name: 'Select all matching' }));
    fireEvent.change(screen.getByLabelText('Set status'), { target: { value: 'Maybe' } });
    fireEvent.click(screen.getByRole('button', { name: 'Apply to all 12,000 matching' }));
    expect(calls.some((c) => c.method === 'PUT')).toBe(false);
    expect(screen.getByRole('alertdialog').textContent).toMatch(/about 12,000 rows/);
    fireEvent.click(screen.getByRole('button', { name: 'Yes, change them' }));
    await screen.findByRole('status');
    expect(calls.find((c) => c.method === 'PUT')).toEqual({
      method: 'PUT',
      url: 'http://console.test/api/v3/local-businesses/status/filtered',
      body: { status: 'Maybe', status_filter: 'New', business_name: 'keller' },
    });
    expect(screen.getByRole('status').textContent).toBe('Updated 12003 local businesses to Maybe');
  });
});
