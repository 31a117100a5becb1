import { useMemo, useState } from 'react';

import { unwrap, type ApiClient, type Schemas } from '../api/client';
import { placeStatusLabels } from '../api/labels';
import { CurationGrid, ProcessingCell, type GridColumn } from '../components/curation-grid';
import { LabelFilter, ScopeNote } from '../components/filter-controls';
import { pageParams, useCurationList } from '../components/use-curation-list';

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

/** WF2 curation: places a search found are selected here for a deep scan (all of them, or one search's). */
export function PlacesPage({ api, searchJobId }: { readonly api: ApiClient; readonly searchJobId: string | null }) {
  const [status, setStatus] = useState<Label | ''>('');
  const filters = useMemo(
    () => ({ status: status || undefined, discovery_job_id: searchJobId ?? undefined }),
    [status, searchJobId],
  );
  const { gridProps, onFilter } = useCurationList<Place, Label, typeof filters>({
    key: 'places',
    filters,
    queuedFor: 'a deep scan',
    read: async (f, position, signal) =>
      unwrap(
        await api.GET('/api/v3/places/staging', {
          params: { query: { ...f, ...pageParams(position, PAGE_SIZE) } },
          signal,
        }),
      ),
    change: async (label, target, f) => {
      const r =
        target.kind === 'ids'
          ? unwrap(
              await api.PUT('/api/v3/places/staging/status', { body: { place_ids: [...target.ids], status: label } }),
            )
          : unwrap(
              await api.PUT('/api/v3/places/staging/status/filtered', {
                body: { status: label, status_filter: f.status, discovery_job_id: f.discovery_job_id },
              }),
            );
      return { message: r.message, queued: r.queued_count };
    },
  });

  return (
    <section aria-labelledby="places-heading">
      <h2 id="places-heading">Places</h2>
      {searchJobId && <ScopeNote text="Found by one search only." allHref="#places" allLabel="Show every place" />}
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <LabelFilter label="Status" labels={placeStatusLabels} value={status} onChange={onFilter(setStatus)} />
      </form>
      <CurationGrid
        {...gridProps}
        caption="Places"
        columns={COLUMNS}
        idOf={(p) => p.place_id}
        nameOf={(p) => p.business_name ?? p.place_id}
        failed={(p) => p.deep_scan_status === 'Error'}
        labels={placeStatusLabels}
        empty="No place matches this filter. Places arrive from a place search (WF1)."
      />
    </section>
  );
}
