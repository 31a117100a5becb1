import { useMemo, useState } from 'react';

import { csvUpload, unwrap, type ApiClient, type Schemas } from '../api/client';
import { domainSortKeys, sitemapCurationLabels } from '../api/labels';
import { CsvImport } from '../components/csv-import';
import { CurationGrid, ProcessingCell, updatedColumn, type GridColumn } from '../components/curation-grid';
import { DirectSubmit } from '../components/direct-submit';
import { LabelFilter, SortSelect, TextFilter } from '../components/filter-controls';
import { pageParams, useCurationList } from '../components/use-curation-list';

type Domain = Schemas['DomainItemSchema'];
type Label = (typeof sitemapCurationLabels)[number];
type SortKey = (typeof domainSortKeys)[number];

const PAGE_SIZE = 50;

const COLUMNS: readonly GridColumn<Domain>[] = [
  { header: 'Domain', cell: (d) => d.domain },
  { header: 'Sitemap curation', cell: (d) => d.sitemap_curation_status },
  {
    header: 'Sitemap discovery',
    cell: (d) => <ProcessingCell status={d.sitemap_analysis_status} error={d.sitemap_analysis_error} />,
    title: (d) => d.sitemap_analysis_error ?? undefined,
  },
  {
    header: 'Found',
    cell: (d) => (
      <>
        <a href={`#sitemaps?domain=${d.id}`} aria-label={`Sitemaps of ${d.domain}`}>
          sitemaps
        </a>{' '}
        <a href={`#contacts?domain=${d.id}`} aria-label={`Contacts of ${d.domain}`}>
          contacts
        </a>
      </>
    ),
  },
  updatedColumn(),
];

/** WF4 curation: domains are selected here for sitemap discovery, and added by CSV. */
export function DomainsPage({ api }: { readonly api: ApiClient }) {
  const [status, setStatus] = useState<Label | ''>('');
  const [domain, setDomain] = useState('');
  const [sortBy, setSortBy] = useState<SortKey>('updated_at');
  const filters = useMemo(
    () => ({ sitemap_curation_status: status || undefined, domain: domain.trim() || undefined }),
    [status, domain],
  );
  const { gridProps, onFilter, invalidate } = useCurationList<Domain, Label, typeof filters>({
    key: 'domains',
    filters,
    extraKey: [sortBy],
    queuedFor: 'sitemap discovery',
    read: async (f, position, signal) =>
      unwrap(
        await api.GET('/api/v3/domains', {
          params: { query: { ...f, sort_by: sortBy, sort_desc: true, ...pageParams(position, PAGE_SIZE) } },
          signal,
        }),
      ),
    change: async (label, target, f) => {
      const r =
        target.kind === 'ids'
          ? unwrap(
              await api.PUT('/api/v3/domains/sitemap-curation/status', {
                body: { domain_ids: [...target.ids], sitemap_curation_status: label },
              }),
            )
          : unwrap(
              await api.PUT('/api/v3/domains/sitemap-curation/status/filtered', {
                body: {
                  sitemap_curation_status: label,
                  sitemap_curation_status_filter: f.sitemap_curation_status,
                  domain_filter: f.domain,
                },
              }),
            );
      return { message: r.message, queued: r.queued_count };
    },
  });

  return (
    <section aria-labelledby="domains-heading">
      <h2 id="domains-heading">Domains</h2>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <LabelFilter
          label="Sitemap curation"
          labels={sitemapCurationLabels}
          value={status}
          onChange={onFilter(setStatus)}
        />
        <TextFilter label="Domain contains" value={domain} onChange={onFilter(setDomain)} />
        <SortSelect keys={domainSortKeys} value={sortBy} onChange={setSortBy} />
      </form>
      <CurationGrid
        {...gridProps}
        caption="Domains"
        columns={COLUMNS}
        idOf={(d) => d.id}
        nameOf={(d) => d.domain}
        failed={(d) => d.sitemap_analysis_status === 'failed'}
        labels={sitemapCurationLabels}
        empty="No domain matches these filters."
      />
      <DirectSubmit
        noun={['domain', 'domains']}
        queueLabel="Queue them for sitemap discovery"
        max={100}
        submit={async (domains, autoQueue) => {
          const r = unwrap(
            await api.POST('/api/v3/domains/direct-submit', { body: { domains: [...domains], auto_queue: autoQueue } }),
          );
          return `Added ${r.submitted_count}: ${r.normalized_domains.join(', ')}${r.auto_queued ? ' (queued for sitemap discovery)' : ''}`;
        }}
        onSubmitted={invalidate}
      />
      <CsvImport
        noun="domain"
        upload={async (file) => unwrap(await api.POST('/api/v3/domains/import-csv', csvUpload(file)))}
        onImported={invalidate}
      />
    </section>
  );
}
