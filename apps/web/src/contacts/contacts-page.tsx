import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useMemo, useState } from 'react';

import { unwrap, type ApiClient, type Schemas } from '../api/client';
import { contactCurationLabels } from '../api/labels';
import { CurationGrid, ProcessingCell, useSelection, type GridColumn } from '../components/curation-grid';
import type { StatusTarget } from '../components/status-control';

type Contact = Schemas['ContactSchema'];
type Label = (typeof contactCurationLabels)[number];

const PAGE_SIZE = 50;

/** One CRM's state: what people chose (sync status), then what the worker did (processing status, reason). */
const crm = (sync: string | null, processing: string | null, error: string | null) => (
  <>
    {sync ?? '—'}
    {processing ? ' / ' : ''}
    {processing ? <ProcessingCell status={processing} error={error} /> : null}
  </>
);

const COLUMNS: readonly GridColumn<Contact>[] = [
  { header: 'Email', cell: (c) => c.email, title: (c) => c.email },
  { header: 'Name', cell: (c) => c.name ?? '—' },
  { header: 'Curation', cell: (c) => c.contact_curation_status },
  {
    header: 'Validation',
    cell: (c) =>
      c.debounce_result
        ? `${c.debounce_result}${c.debounce_score === null ? '' : ` (${c.debounce_score})`}`
        : crm(c.debounce_validation_status, c.debounce_processing_status, c.debounce_processing_error),
    title: (c) => c.debounce_reason ?? c.debounce_processing_error ?? undefined,
  },
  {
    header: 'HubSpot',
    cell: (c) => crm(c.hubspot_sync_status, c.hubspot_processing_status, c.hubspot_processing_error),
    title: (c) => c.hubspot_processing_error ?? undefined,
  },
  {
    header: 'Brevo',
    cell: (c) => crm(c.brevo_sync_status, c.brevo_processing_status, c.brevo_processing_error),
    title: (c) => c.brevo_processing_error ?? undefined,
  },
  {
    header: 'n8n',
    cell: (c) => crm(c.n8n_sync_status, c.n8n_processing_status, c.n8n_processing_error),
    title: (c) => c.n8n_processing_error ?? undefined,
  },
  { header: 'Enrichment', cell: (c) => c.enrichment_status ?? '—' },
];

/** The contacts WF7 found: curated here; their validation, CRM delivery and enrichment shown per row. */
export function ContactsPage({ api }: { readonly api: ApiClient }) {
  const queryClient = useQueryClient();
  const statusId = useId();
  const emailId = useId();
  const [status, setStatus] = useState<Label | ''>('');
  const [email, setEmail] = useState('');
  const [page, setPage] = useState(1);
  const [notice, setNotice] = useState<string | null>(null);
  const selection = useSelection();

  const filters = useMemo(
    () => ({ contact_curation_status: status || undefined, email_contains: email.trim() || undefined }),
    [status, email],
  );
  const list = useQuery({
    queryKey: ['contacts', filters, page],
    queryFn: async ({ signal }) => {
      const answer = await api.GET('/api/v3/contacts', {
        params: { query: { ...filters, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE } },
        signal,
      });
      const items = unwrap(answer);
      // The reference answers a plain array; the count travels in headers.
      const total = Number(answer.response.headers.get('X-Total-Count') ?? items.length);
      return {
        items,
        total,
        pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
        total_is_estimate: answer.response.headers.get('X-Total-Is-Estimate') === 'true',
      };
    },
    placeholderData: keepPreviousData,
  });
  const change = useMutation({
    mutationFn: async ({ label, target }: { label: Label; target: StatusTarget }) =>
      target.kind === 'ids'
        ? unwrap(await api.PUT('/api/v3/contacts/status', { body: { contact_ids: [...target.ids], status: label } }))
        : unwrap(await api.PUT('/api/v3/contacts/status/filtered', { body: { status: label, ...filters } })),
    onSuccess: (result) => {
      setNotice(
        `${result.message}${result.hubspot_queued_count > 0 ? `; ${result.hubspot_queued_count} queued for HubSpot` : ''}`,
      );
      selection.clear();
      void queryClient.invalidateQueries({ queryKey: ['contacts'] });
    },
  });
  const refilter = () => {
    setPage(1);
    selection.clear();
  };

  return (
    <section aria-labelledby="contacts-heading">
      <h2 id="contacts-heading">Contacts</h2>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <label htmlFor={statusId}>Curation</label>
        <select
          id={statusId}
          value={status}
          onChange={(e) => {
            setStatus(e.target.value as Label | '');
            refilter();
          }}
        >
          <option value="">Any</option>
          {contactCurationLabels.map((l) => (
            <option key={l} value={l}>
              {l}
            </option>
          ))}
        </select>
        <label htmlFor={emailId}>Email contains</label>
        <input
          id={emailId}
          type="search"
          value={email}
          maxLength={200}
          onChange={(e) => {
            setEmail(e.target.value);
            refilter();
          }}
        />
      </form>
      <CurationGrid
        caption="Contacts"
        rows={list.data}
        loading={list.isFetching}
        error={list.error ?? change.error}
        columns={COLUMNS}
        idOf={(c) => c.id}
        nameOf={(c) => c.email}
        labels={contactCurationLabels}
        page={page}
        onPage={setPage}
        selection={selection}
        busy={change.isPending}
        notice={notice}
        onApply={(label, target) => change.mutate({ label, target })}
        empty="No contact matches these filters. Contacts arrive from scraped pages (WF7)."
      />
    </section>
  );
}
