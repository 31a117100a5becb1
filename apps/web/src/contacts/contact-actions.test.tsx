import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { createApiClient } from '../api/client';
import type { StatusTarget } from '../components/status-control';
import { ContactActions } from './contact-actions';

afterEach(cleanup);

function setup(target: StatusTarget | null) {
  const calls: { method: string; url: string; body: unknown }[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: Request) => {
      calls.push({ method: input.method, url: input.url, body: await input.json() });
      const message = input.url.endsWith('/validate')
        ? '2 contacts queued for validation'
        : 'Selected 2 contacts for 1 CRM(s), 2 queued for processing';
      return new Response(JSON.stringify({ message }), {
        status: 200,
        headers: { 'Content-Type': 'application/json' },
      });
    }),
  );
  const onDone = vi.fn();
  render(
    <QueryClientProvider client={new QueryClient()}>
      <ContactActions
        api={createApiClient(
          () => 't',
          () => undefined,
          'http://console.test',
        )}
        target={target}
        onDone={onDone}
      />
    </QueryClientProvider>,
  );
  return { calls, onDone };
}

describe('ContactActions', () => {
  const ticked: StatusTarget = { kind: 'ids', ids: ['c1', 'c2'] };

  it('validates the ticked contacts with DeBounce, and says what it queued', async () => {
    const { calls, onDone } = setup(ticked);
    fireEvent.click(screen.getByRole('button', { name: 'Validate with DeBounce' }));
    await screen.findByText('2 contacts queued for validation');
    expect(calls).toEqual([
      { method: 'POST', url: 'http://console.test/api/v3/contacts/validate', body: { contact_ids: ['c1', 'c2'] } },
    ]);
    expect(onDone).toHaveBeenCalled();
  });

  it('sends the ticked contacts to the chosen CRM, never offering Mautic (the API has no client for it)', async () => {
    const { calls } = setup(ticked);
    const crm = screen.getByLabelText('CRM') as HTMLSelectElement;
    expect([...crm.options].map((o) => o.value)).toEqual(['brevo', 'hubspot', 'n8n']);
    fireEvent.change(crm, { target: { value: 'brevo' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send to CRM' }));
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0]).toEqual({
      method: 'PUT',
      url: 'http://console.test/api/v3/contacts/crm/select',
      body: { contact_ids: ['c1', 'c2'], crms: ['brevo'], action: 'select' },
    });
  });

  it('does nothing for "every matching row": both actions take ticked rows only', () => {
    setup({ kind: 'matching', total: 5000, estimated: false });
    expect((screen.getByRole('button', { name: 'Validate with DeBounce' }) as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByRole('button', { name: 'Send to CRM' }) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByText('Tick rows to validate or send them.')).toBeTruthy();
  });
});
