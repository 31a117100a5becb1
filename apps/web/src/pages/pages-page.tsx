import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useMemo, useState } from 'react';

import { unwrap, type ApiClient, type Schemas } from '../api/client';
import { pageCurationLabels, pageProcessingLabels, pageTypes } from '../api/labels';
import { CurationGrid, ProcessingCell, useSelection, type GridColumn } from '../components/curation-grid';
import type { StatusTarget } from '../components/status-control';

type Page = Schemas['PageItemSchema'];
type Label = (typeof pageCurationLabels)[number];
type Processing = (typeof pageProcessingLabels)[number];
type PageType = (typeof pageTypes)[number];

const PAGE_SIZE = 50;

const COLUMNS: readonly GridColumn<Page>[] = [
  { header: 'URL', cell: (p) => p.url, title: (p) => p.url },
  { header: 'Type', cell: (p) => p.page_type ?? '—' },
  { header: 'Curation', cell: (p) => p.curation_status },
  {
    header: 'Contact scrape',
    cell: (p) => <ProcessingCell status={p.processing_status} error={p.error} />,
    title: (p) => p.error ?? undefined,
  },
  {
    header: 'Updated',
    cell: (p) => <time dateTime={p.updated_at}>{new Date(p.updated_at).toLocaleString('en-US')}</time>,
  },
];

/** WF7 curation: pages are selected here for contact scraping. */
export function PagesPage({ api }: { readonly api: ApiClient }) {
  const queryClient = useQueryClient();
  const curationId = useId();
  const processingId = useId();
  const typeId = useId();
  const urlId = useId();
  const [curation, setCuration] = useState<Label | ''>('');
  const [processing, setProcessing] = useState<Processing | ''>('');
  const [type, setType] = useState<PageType | ''>('');
  const [url, setUrl] = useState('');
  const [page, setPage] = useState(1);
  const [notice, setNotice] = useState<string | null>(null);
  const selection = useSelection();

  const filters = useMemo(
    () => ({
      page_curation_status: curation || undefined,
      page_processing_status: processing || undefined,
      page_type: type || undefined,
      url_contains: url.trim() || undefined,
    }),
    [curation, processing, type, url],
  );
  const list = useQuery({
    queryKey: ['pages', filters, page],
    queryFn: async ({ signal }) => {
      const data = unwrap(
        await api.GET('/api/v3/pages', {
          params: { query: { ...filters, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE } },
          signal,
        }),
      );
      // This list answers in the reference's shape (pages, offset, limit); the grid reads page numbers.
      return {
        items: data.pages,
        total: data.total,
        pages: Math.max(1, Math.ceil(data.total / PAGE_SIZE)),
        total_is_estimate: data.total_is_estimate,
      };
    },
    placeholderData: keepPreviousData,
  });
  const change = useMutation({
    mutationFn: async ({ label, target }: { label: Label; target: StatusTarget }) =>
      target.kind === 'ids'
        ? unwrap(await api.PUT('/api/v3/pages/status', { body: { page_ids: [...target.ids], status: label } }))
        : unwrap(await api.PUT('/api/v3/pages/status/filtered', { body: { status: label, ...filters } })),
    onSuccess: (result) => {
      setNotice(
        `${result.message}${result.queued_count > 0 ? `; ${result.queued_count} queued for contact scraping` : ''}`,
      );
      selection.clear();
      void queryClient.invalidateQueries({ queryKey: ['pages'] });
    },
  });
  const refilter = () => {
    setPage(1);
    selection.clear();
  };

  return (
    <section aria-labelledby="pages-heading">
      <h2 id="pages-heading">Pages</h2>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <label htmlFor={curationId}>Curation</label>
        <select
          id={curationId}
          value={curation}
          onChange={(e) => {
            setCuration(e.target.value as Label | '');
            refilter();
          }}
        >
          <option value="">Any</option>
          {pageCurationLabels.map((l) => (
            <option key={l} value={l}>
              {l}
            </option>
          ))}
        </select>
        <label htmlFor={processingId}>Contact scrape</label>
        <select
          id={processingId}
          value={processing}
          onChange={(e) => {
            setProcessing(e.target.value as Processing | '');
            refilter();
          }}
        >
          <option value="">Any</option>
          {pageProcessingLabels.map((l) => (
            <option key={l} value={l}>
              {l}
            </option>
          ))}
        </select>
        <label htmlFor={typeId}>Type</label>
        <select
          id={typeId}
          value={type}
          onChange={(e) => {
            setType(e.target.value as PageType | '');
            refilter();
          }}
        >
          <option value="">Any</option>
          {pageTypes.map((t) => (
            <option key={t} value={t}>
              {t}
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
      </form>
      <CurationGrid
        caption="Pages"
        rows={list.data}
        loading={list.isFetching}
        error={list.error ?? change.error}
        columns={COLUMNS}
        idOf={(p) => p.id}
        nameOf={(p) => p.url}
        labels={pageCurationLabels}
        page={page}
        onPage={setPage}
        selection={selection}
        busy={change.isPending}
        notice={notice}
        onApply={(label, target) => change.mutate({ label, target })}
        empty="No page matches these filters."
      />
    </section>
  );
}
