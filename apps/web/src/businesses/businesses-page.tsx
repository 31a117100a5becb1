import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useMemo, useState } from 'react';

import { unwrap, type ApiClient, type Schemas } from '../api/client';
import { localBusinessSortKeys, placeStatusLabels } from '../api/labels';
import { CurationGrid, ProcessingCell, useSelection, type GridColumn } from '../components/curation-grid';
import type { StatusTarget } from '../components/status-control';

type Business = Schemas['LocalBusinessItemSchema'];
type Label = (typeof placeStatusLabels)[number];
type SortKey = (typeof localBusinessSortKeys)[number];

const PAGE_SIZE = 50;

const COLUMNS: readonly GridColumn<Business>[] = [
  { header: 'Name', cell: (b) => b.business_name },
  { header: 'Website', cell: (b) => b.website_url },
  { header: 'Status', cell: (b) => b.status },
  {
    header: 'Domain extraction',
    cell: (b) => <ProcessingCell status={b.domain_extraction_status} error={b.domain_extraction_error} />,
    title: (b) => b.domain_extraction_error ?? undefined,
  },
  {
    header: 'Updated',
    cell: (b) => <time dateTime={b.updated_at}>{new Date(b.updated_at).toLocaleString('en-US')}</time>,
  },
];

/** WF3 curation: businesses are selected here for domain extraction. */
export function BusinessesPage({ api }: { readonly api: ApiClient }) {
  const queryClient = useQueryClient();
  const statusId = useId();
  const nameId = useId();
  const sortId = useId();
  const [status, setStatus] = useState<Label | ''>('');
  const [name, setName] = useState('');
  const [sortBy, setSortBy] = useState<SortKey>('updated_at');
  const [page, setPage] = useState(1);
  const [notice, setNotice] = useState<string | null>(null);
  const selection = useSelection();

  const filters = useMemo(
    () => ({ status: status || undefined, business_name: name.trim() || undefined }),
    [status, name],
  );
  const list = useQuery({
    queryKey: ['local-businesses', filters, sortBy, page],
    queryFn: async ({ signal }) =>
      unwrap(
        await api.GET('/api/v3/local-businesses', {
          params: { query: { ...filters, sort_by: sortBy, sort_dir: 'desc', page, size: PAGE_SIZE } },
          signal,
        }),
      ),
    placeholderData: keepPreviousData,
  });

  const change = useMutation({
    mutationFn: async ({ label, target }: { label: Label; target: StatusTarget }) =>
      target.kind === 'ids'
        ? unwrap(
            await api.PUT('/api/v3/local-businesses/status', {
              body: { local_business_ids: [...target.ids], status: label },
            }),
          )
        : unwrap(
            await api.PUT('/api/v3/local-businesses/status/filtered', {
              body: { status: label, status_filter: filters.status, business_name: filters.business_name },
            }),
          ),
    onSuccess: (result) => {
      setNotice(
        `${result.message}${result.queued_count > 0 ? `; ${result.queued_count} queued for domain extraction` : ''}`,
      );
      selection.clear();
      void queryClient.invalidateQueries({ queryKey: ['local-businesses'] });
    },
  });

  const refilter = () => {
    setPage(1);
    selection.clear();
  };

  return (
    <section aria-labelledby="businesses-heading">
      <h2 id="businesses-heading">Businesses</h2>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <label htmlFor={statusId}>Status</label>
        <select
          id={statusId}
          value={status}
          onChange={(e) => {
            setStatus(e.target.value as Label | '');
            refilter();
          }}
        >
          <option value="">Any</option>
          {placeStatusLabels.map((l) => (
            <option key={l} value={l}>
              {l}
            </option>
          ))}
        </select>
        <label htmlFor={nameId}>Name contains</label>
        <input
          id={nameId}
          type="search"
          value={name}
          maxLength={200}
          onChange={(e) => {
            setName(e.target.value);
            refilter();
          }}
        />
        <label htmlFor={sortId}>Newest by</label>
        <select id={sortId} value={sortBy} onChange={(e) => setSortBy(e.target.value as SortKey)}>
          {localBusinessSortKeys.map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </select>
      </form>
      <CurationGrid
        caption="Businesses"
        rows={list.data}
        loading={list.isFetching}
        error={list.error ?? change.error}
        columns={COLUMNS}
        idOf={(b) => b.id}
        nameOf={(b) => b.business_name ?? b.id}
        labels={placeStatusLabels}
        page={page}
        onPage={setPage}
        selection={selection}
        busy={change.isPending}
        notice={notice}
        onApply={(label, target) => change.mutate({ label, target })}
        empty="No business matches these filters."
      />
    </section>
  );
}
