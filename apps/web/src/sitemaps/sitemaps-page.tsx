import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useMemo, useState } from 'react';

import { unwrap, type ApiClient, type Schemas } from '../api/client';
import { sitemapCurationLabels, sitemapFileSortKeys } from '../api/labels';
import { CurationGrid, ProcessingCell, useSelection, type GridColumn } from '../components/curation-grid';
import type { StatusTarget } from '../components/status-control';

type SitemapFile = Schemas['SitemapFileSchema'];
type Label = (typeof sitemapCurationLabels)[number];
type SortKey = (typeof sitemapFileSortKeys)[number];

const PAGE_SIZE = 50;

const COLUMNS: readonly GridColumn<SitemapFile>[] = [
  { header: 'Sitemap', cell: (f) => f.sitemap_url, title: (f) => f.sitemap_url },
  { header: 'Domain', cell: (f) => f.domain_name },
  { header: 'URLs', cell: (f) => f.url_count?.toLocaleString('en-US') ?? '—' },
  { header: 'Curation', cell: (f) => f.deep_scrape_curation_status },
  {
    header: 'Import',
    cell: (f) => <ProcessingCell status={f.deep_scrape_process_status} error={f.sitemap_import_error} />,
    title: (f) => f.sitemap_import_error ?? undefined,
  },
];

/** WF5 curation: discovered sitemap files are selected here for import. */
export function SitemapsPage({ api }: { readonly api: ApiClient }) {
  const queryClient = useQueryClient();
  const statusId = useId();
  const urlId = useId();
  const sortId = useId();
  const [status, setStatus] = useState<Label | ''>('');
  const [url, setUrl] = useState('');
  const [sortBy, setSortBy] = useState<SortKey>('updated_at');
  const [page, setPage] = useState(1);
  const [notice, setNotice] = useState<string | null>(null);
  const selection = useSelection();

  const filters = useMemo(
    () => ({ deep_scrape_curation_status: status || undefined, url_contains: url.trim() || undefined }),
    [status, url],
  );
  const list = useQuery({
    queryKey: ['sitemap-files', filters, sortBy, page],
    queryFn: async ({ signal }) =>
      unwrap(
        await api.GET('/api/v3/sitemap-files', {
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
            await api.PUT('/api/v3/sitemap-files/sitemap_import_curation/status', {
              body: { sitemap_file_ids: [...target.ids], deep_scrape_curation_status: label },
            }),
          )
        : unwrap(
            await api.PUT('/api/v3/sitemap-files/sitemap_import_curation/status/filtered', {
              body: {
                deep_scrape_curation_status: label,
                deep_scrape_curation_status_filter: filters.deep_scrape_curation_status,
                url_contains: filters.url_contains,
              },
            }),
          ),
    onSuccess: (result) => {
      setNotice(`${result.message}${result.queued_count > 0 ? `; ${result.queued_count} queued for import` : ''}`);
      selection.clear();
      void queryClient.invalidateQueries({ queryKey: ['sitemap-files'] });
    },
  });
  const refilter = () => {
    setPage(1);
    selection.clear();
  };

  return (
    <section aria-labelledby="sitemaps-heading">
      <h2 id="sitemaps-heading">Sitemaps</h2>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <label htmlFor={statusId}>Import curation</label>
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
        <label htmlFor={urlId}>URL contains</label>
        <input
          id={urlId}
          type="search"
          value={url}
          maxLength={200}
          onChange={(e) => {
            setUrl(e.target.value);
            refilter();
          }}
        />
        <label htmlFor={sortId}>Newest by</label>
        <select id={sortId} value={sortBy} onChange={(e) => setSortBy(e.target.value as SortKey)}>
          {sitemapFileSortKeys.map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </select>
      </form>
      <CurationGrid
        caption="Sitemaps"
        rows={list.data}
        loading={list.isFetching}
        error={list.error ?? change.error}
        columns={COLUMNS}
        idOf={(f) => f.id}
        nameOf={(f) => f.sitemap_url}
        labels={sitemapCurationLabels}
        page={page}
        onPage={setPage}
        selection={selection}
        busy={change.isPending}
        notice={notice}
        onApply={(label, target) => change.mutate({ label, target })}
        empty="No sitemap file matches these filters."
      />
    </section>
  );
}
