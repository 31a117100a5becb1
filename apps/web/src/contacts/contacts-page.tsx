import { useMemo, useState } from 'react';

import { unwrap, type ApiClient, type Schemas } from '../api/client';
import {
  brevoSyncFilterLabels,
  contactCurationLabels,
  contactEmailTypes,
  contactProcessingFilterLabels,
  hubspotSyncFilterLabels,
  n8nSyncFilterLabels,
} from '../api/labels';
import { CurationGrid, pageCount, ProcessingCell, type GridColumn } from '../components/curation-grid';
import { BooleanFilter, LabelFilter, ScopeNote, TextFilter } from '../components/filter-controls';
import { offsetParams, useCurationList } from '../components/use-curation-list';
import { ContactActions } from './contact-actions';

type Contact = Schemas['ContactSchema'];
type Label = (typeof contactCurationLabels)[number];
type Processing = (typeof contactProcessingFilterLabels)[number];
type HubSpot = (typeof hubspotSyncFilterLabels)[number];
type Brevo = (typeof brevoSyncFilterLabels)[number];
type N8n = (typeof n8nSyncFilterLabels)[number];
type EmailType = (typeof contactEmailTypes)[number];

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
export function ContactsPage({ api, domainId }: { readonly api: ApiClient; readonly domainId: string | null }) {
  const [status, setStatus] = useState<Label | ''>('');
  const [processing, setProcessing] = useState<Processing | ''>('');
  const [hubspot, setHubspot] = useState<HubSpot | ''>('');
  const [brevo, setBrevo] = useState<Brevo | ''>('');
  const [n8n, setN8n] = useState<N8n | ''>('');
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [emailType, setEmailType] = useState<EmailType | ''>('');
  const [gmail, setGmail] = useState<boolean | undefined>(undefined);
  const filters = useMemo(
    () => ({
      contact_curation_status: status || undefined,
      contact_processing_status: processing || undefined,
      hubspot_sync_status: hubspot || undefined,
      brevo_sync_status: brevo || undefined,
      n8n_sync_status: n8n || undefined,
      email_contains: email.trim() || undefined,
      email_type: emailType || undefined,
      has_gmail: gmail,
      name_contains: name.trim() || undefined,
      domain_id: domainId ?? undefined,
    }),
    [status, processing, hubspot, brevo, n8n, email, emailType, gmail, name, domainId],
  );
  const { gridProps, onFilter } = useCurationList<Contact, Label, typeof filters>({
    key: 'contacts',
    filters,
    queuedFor: 'HubSpot',
    read: async (f, position, signal) => {
      const answer = await api.GET('/api/v3/contacts', {
        params: { query: { ...f, ...offsetParams(position, PAGE_SIZE) } },
        signal,
      });
      const items = unwrap(answer);
      // The reference answers a plain array; the count travels in headers.
      const total = Number(answer.response.headers.get('X-Total-Count') ?? items.length);
      return {
        items,
        total,
        pages: pageCount(total, PAGE_SIZE),
        total_is_estimate: answer.response.headers.get('X-Total-Is-Estimate') === 'true',
        next_cursor: answer.response.headers.get('X-Next-Cursor'),
      };
    },
    change: async (label, target, f) => {
      const r =
        target.kind === 'ids'
          ? unwrap(await api.PUT('/api/v3/contacts/status', { body: { contact_ids: [...target.ids], status: label } }))
          : unwrap(await api.PUT('/api/v3/contacts/status/filtered', { body: { status: label, ...f } }));
      return { message: r.message, queued: r.hubspot_queued_count };
    },
  });

  return (
    <section aria-labelledby="contacts-heading">
      <h2 id="contacts-heading">Contacts</h2>
      {domainId && <ScopeNote text="One domain’s only." allHref="#contacts" allLabel="Show every contact" />}
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <LabelFilter label="Curation" labels={contactCurationLabels} value={status} onChange={onFilter(setStatus)} />
        <LabelFilter
          label="Processing"
          labels={contactProcessingFilterLabels}
          value={processing}
          onChange={onFilter(setProcessing)}
        />
        <LabelFilter label="HubSpot" labels={hubspotSyncFilterLabels} value={hubspot} onChange={onFilter(setHubspot)} />
        <LabelFilter label="Brevo" labels={brevoSyncFilterLabels} value={brevo} onChange={onFilter(setBrevo)} />
        <LabelFilter label="n8n" labels={n8nSyncFilterLabels} value={n8n} onChange={onFilter(setN8n)} />
        <TextFilter label="Email contains" value={email} onChange={onFilter(setEmail)} />
        <TextFilter label="Name contains" value={name} onChange={onFilter(setName)} />
        <LabelFilter
          label="Email type"
          labels={contactEmailTypes}
          value={emailType}
          onChange={onFilter(setEmailType)}
        />
        <BooleanFilter label="Gmail" value={gmail} onChange={onFilter(setGmail)} />
      </form>
      <CurationGrid
        {...gridProps}
        caption="Contacts"
        columns={COLUMNS}
        idOf={(c) => c.id}
        nameOf={(c) => c.email}
        labels={contactCurationLabels}
        actions={(target) => <ContactActions api={api} target={target} onDone={gridProps.selection.clear} />}
        empty="No contact matches these filters. Contacts arrive from scraped pages (WF7)."
      />
    </section>
  );
}
