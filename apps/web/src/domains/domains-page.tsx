import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useMemo, useState } from 'react';

import { unwrap, type ApiClient, type Schemas } from '../api/client';
import { domainSortKeys, sitemapCurationLabels } from '../api/labels';
import { CsvImport } from '../components/csv-import';
import { CurationGrid, ProcessingCell, useSelection, type GridColumn } from '../components/curation-grid';
import type { StatusTarget } from '../components/status-control';

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
    header: 'Updated',
    cell: (d) => <time dateTime={d.updated_at}>{new Date(d.updated_at).toLocaleString('en-US')}</time>,
  },
];

/** WF4 curation: domains are selected here for sitemap discovery. */
export function DomainsPage({ api }: { readonly api: ApiClient }) {
  const queryClient = useQueryClient();
  const statusId = useId();
  const domainId = useId();
  const sortId = useId();
  const [status, setStatus] = useState<Label | ''>('');
  const [domain, setDomain] = useState('');
  const [sortBy, setSortBy] = useState<SortKey>('updated_at');
  const [page, setPage] = useState(1);
  const [notice, setNotice] = useState<string | null>(null);
  const selection = useSelection();

  const filters = useMemo(
    () => ({ sitemap_curation_status: status || undefined, domain: domain.trim() || undefined }),
    [status, domain],
  );
  const list = useQuery({
    queryKey: ['domains', filters, sortBy, page],
    queryFn: async ({ signal }) =>
      unwrap(
        await api.GET('/api/v3/domains', {
          params: { query: { ...filters, sort_by: sortBy, sort_desc: true, page, size: PAGE_SIZE } },
          signal,
        }),
      ),
    placeholderData: keepPreviousData,
  });
  const change = useMutation({
    mutationFn: async ({ label, target }: { label: Label; target: StatusTarget }) =>
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
                sitemap_curation_status_filter: filters.sitemap_curation_status,
                domain_filter: filters.domain,
              },
            }),
          ),
    onSuccess: (result) => {
      setNotice(
        `${result.message}${result.queued_count > 0 ? `; ${result.queued_count} queued for sitemap discovery` : ''}`,
      );
      selection.clear();
      void queryClient.invalidateQueries({ queryKey: ['domains'] });
    },
  });
  const refilter = () => {
    setPage(1);
    selection.clear();
  };

  return (
    <section aria-labelledby="domains-heading">
      <h2 id="domains-heading">Domains</h2>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <label htmlFor={statusId}>Sitemap curation</label>
        <select
          id={statusId}
          value={status}
          onChange={(e) => {
            setStatus(e.target.value as Label | '');
            refilter();
          }}
        >
          <option value="">Any</option>
          {sitemapCurationLabels.map((l) => (
            <option key={l} value={l}>
              {l}
            </option>
          ))}
        </select>
        <label htmlFor={domainId}>Domain contains</label>
        <input
          id={domainId}
          type="search"
          value={domain}
          maxLength={200}
          onChange={(e) => {
            setDomain(e.target.value);
            refilter();
          }}
        />
        <label htmlFor={sortId}>Newest by</label>
        <select id={sortId} value={sortBy} onChange={(e) => setSortBy(e.target.value as SortKey)}>
          {domainSortKeys.map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </select>
      </form>
      <CurationGrid
        caption="Domains"
        rows={list.data}
        loading={list.isFetching}
        error={list.error ?? change.error}
        columns={COLUMNS}
        idOf={(d) => d.id}
        nameOf={(d) => d.domain}
        labels={sitemapCurationLabels}
        page={page}
        onPage={setPage}
        selection={selection}
        busy={change.isPending}
        notice={notice}
        onApply={(label, target) => change.mutate({ label, target })}
        empty="No domain matches these filters."
      />
      <CsvImport
        noun="domain"
        upload={async (file) => {
          const form = new FormData();
          form.append('file', file);
          return unwrap(
            await api.POST('/api/v3/domains/import-csv', {
              // The generated body type says `file: string`; the browser sends the File as multipart.
              body: { file: file.name },
              bodySerializer: () => form,
            }),
          );
        }}
        onImported={() => void queryClient.invalidateQueries({ queryKey: ['domains'] })}
      />
    </section>
  );
}
