import { useMemo, useState } from 'react';

import { unwrap, type ApiClient, type Schemas } from '../api/client';
import { localBusinessSortKeys, placeStatusLabels } from '../api/labels';
import { CurationGrid, ProcessingCell, updatedColumn, type GridColumn } from '../components/curation-grid';
import { LabelFilter, SortSelect, TextFilter } from '../components/filter-controls';
import { pageParams, useCurationList } from '../components/use-curation-list';

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
  updatedColumn(),
];

/** WF3 curation: businesses are selected here for domain extraction. */
export function BusinessesPage({ api }: { readonly api: ApiClient }) {
  const [status, setStatus] = useState<Label | ''>('');
  const [name, setName] = useState('');
  const [sortBy, setSortBy] = useState<SortKey>('updated_at');
  const filters = useMemo(
    () => ({ status: status || undefined, business_name: name.trim() || undefined }),
    [status, name],
  );
  const { gridProps, onFilter } = useCurationList<Business, Label, typeof filters>({
    key: 'local-businesses',
    filters,
    extraKey: [sortBy],
    queuedFor: 'domain extraction',
    read: async (f, position, signal) =>
      unwrap(
        await api.GET('/api/v3/local-businesses', {
          params: { query: { ...f, sort_by: sortBy, sort_dir: 'desc', ...pageParams(position, PAGE_SIZE) } },
          signal,
        }),
      ),
    change: async (label, target, f) => {
      const r =
        target.kind === 'ids'
          ? unwrap(
              await api.PUT('/api/v3/local-businesses/status', {
                body: { local_business_ids: [...target.ids], status: label },
              }),
            )
          : unwrap(
              await api.PUT('/api/v3/local-businesses/status/filtered', {
                body: { status: label, status_filter: f.status, business_name: f.business_name },
              }),
            );
      return { message: r.message, queued: r.queued_count };
    },
  });

  return (
    <section aria-labelledby="businesses-heading">
      <h2 id="businesses-heading">Businesses</h2>
      <form className="filters" onSubmit={(e) => e.preventDefault()}>
        <LabelFilter label="Status" labels={placeStatusLabels} value={status} onChange={onFilter(setStatus)} />
        <TextFilter label="Name contains" value={name} onChange={onFilter(setName)} />
        <SortSelect keys={localBusinessSortKeys} value={sortBy} onChange={setSortBy} />
      </form>
      <CurationGrid
        {...gridProps}
        caption="Businesses"
        columns={COLUMNS}
        idOf={(b) => b.id}
        nameOf={(b) => b.business_name ?? b.id}
        failed={(b) => b.domain_extraction_status === 'Error'}
        labels={placeStatusLabels}
        empty="No business matches these filters."
      />
    </section>
  );
}
