import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useMemo, useState } from 'react';

import { unwrap, type ApiClient, type Schemas } from '../api/client';
import { placeStatusLabels } from '../api/labels';
import { CurationGrid, ProcessingCell, useSelection, type GridColumn } from '../components/curation-grid';
import type { StatusTarget } from '../components/status-control';

type Place = Schemas['PlaceItemSchema'];
type Label = (typeof placeStatusLabels)[number];

const PAGE_SIZE = 50;

const COLUMNS: readonly GridColumn<Place>[] = [
  { header: 'Name', cell: (p) => p.business_name },
  { header: 'Address', cell: (p) => p.address, title: (p) => p.address ?? undefined },
  { header: 'Category', cell: (p) => p.category },
  { header: 'Rating', cell: (p) => (p.rating === null ? '—' : `${p.rating} (${p.reviews_count ?? 0})`) },
  { header: 'Status', cell: (p) => p.status },
  {
    header: 'Deep scan',
    cell: (p) => <ProcessingCell status={p.deep_scan_status} error={p.deep_scan_error} />,
    title: (p) => p.deep_scan_error ?? undefined,
  },
];

/** WF2 curation: places a search found are selected here for a deep scan. */
export function PlacesPage({ api }: { readonly api: ApiClient }) {
  const queryClient = useQueryClient();
  const statusId = useId();
  const [status, setStatus] = useState<Label | ''>('');
  const [page, setPage] = useState(1);
  const [notice, setNotice] = useState<string | null>(null);
  const selection = useSelection();

  const filters = useMemo(() => ({ status: status || undefined }), [status]);
  const list = useQuery({
    queryKey: ['places', filters, page],
    queryFn: async ({ signal }) =>
      unwrap(
        await api.GET('/api/v3/places/staging', { params: { query: { ...filters, page, size: PAGE_SIZE } }, signal }),
      ),
    placeholderData: keepPreviousData,
  });
  const change = useMutation({
    mutationFn: async ({ label, target }: { label: Label; target: StatusTarget }) =>
      target.kind === 'ids'
        ? unwrap(
            await api.PUT('/api/v3/places/staging/status', { body: { place_ids: [...target.ids], status: label } }),
          )
        : unwrap(
            await api.PUT('/api/v3/places/staging/status/filtered', {
              body: { status: label, status_filter: filters.status },
            }),
          ),
    onSuccess: (result) => {
      setNotice(`${result.message}${result.queued_count > 0 ? `; ${result.queued_count} queued for a deep scan` : ''}`);
      selection.clear();
      void queryClient.invalidateQueries({ queryKey: ['places'] });
    },
  });

  return (
    <section aria-labelledby="places-heading">
      <h2 id="places-heading">Places</h2>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <label htmlFor={statusId}>Status</label>
        <select
          id={statusId}
          value={status}
          onChange={(e) => {
            setStatus(e.target.value as Label | '');
            setPage(1);
            selection.clear();
          }}
        >
          <option value="">Any</option>
          {placeStatusLabels.map((l) => (
            <option key={l} value={l}>
              {l}
            </option>
          ))}
        </select>
      </form>
      <CurationGrid
        caption="Places"
        rows={list.data}
        loading={list.isFetching}
        error={list.error ?? change.error}
        columns={COLUMNS}
        idOf={(p) => p.place_id}
        nameOf={(p) => p.business_name ?? p.place_id}
        labels={placeStatusLabels}
        page={page}
        onPage={setPage}
        selection={selection}
        busy={change.isPending}
        notice={notice}
        onApply={(label, target) => change.mutate({ label, target })}
        empty="No place matches this filter. Places arrive from a place search (WF1)."
      />
    </section>
  );
}
