import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useMemo, useState } from 'react';

import { unwrap, type ApiClient, type Schemas } from '../api/client';
import { localBusinessSortKeys, placeStatusLabels } from '../api/labels';
import { StatusControl, type StatusTarget } from '../components/status-control';

type Business = Schemas['LocalBusinessItemSchema'];
type Label = (typeof placeStatusLabels)[number];
type SortKey = (typeof localBusinessSortKeys)[number];

const PAGE_SIZE = 50;

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
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [allMatching, setAllMatching] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

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
      setSelected(new Set());
      setAllMatching(false);
      void queryClient.invalidateQueries({ queryKey: ['local-businesses'] });
    },
  });

  const rows = list.data?.items ?? [];
  const target: StatusTarget | null = allMatching
    ? { kind: 'matching', total: list.data?.total ?? 0, estimated: list.data?.total_is_estimate ?? false }
    : selected.size > 0
      ? { kind: 'ids', ids: [...selected] }
      : null;
  const resetPaging = () => {
    setPage(1);
    setSelected(new Set());
    setAllMatching(false);
  };
  const toggle = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setSelected(next);
    setAllMatching(false);
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
            resetPaging();
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
            resetPaging();
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

      <div className="toolbar">
        <span aria-live="polite">
          {list.data
            ? `${list.data.total_is_estimate ? 'about ' : ''}${list.data.total.toLocaleString('en-US')} matching`
            : ' '}
        </span>
        <button
          type="button"
          onClick={() => {
            setAllMatching(!allMatching);
            setSelected(new Set());
          }}
          aria-pressed={allMatching}
          disabled={!list.data || list.data.total === 0}
        >
          {allMatching ? 'Clear selection' : 'Select all matching'}
        </button>
        <StatusControl
          labels={placeStatusLabels}
          target={target}
          busy={change.isPending}
          onApply={(label, t) => change.mutate({ label, target: t })}
        />
      </div>
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
      {(list.error || change.error) && (
        <p role="alert" className="error">
          {(list.error ?? change.error)?.message}
        </p>
      )}

      <table className="grid selectable" aria-busy={list.isFetching} aria-rowcount={list.data?.total}>
        <thead>
          <tr>
            <th scope="col">
              <span className="visually-hidden">Selected</span>
            </th>
            <th scope="col">Name</th>
            <th scope="col">Website</th>
            <th scope="col">Status</th>
            <th scope="col">Domain extraction</th>
            <th scope="col">Updated</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((b: Business) => (
            <tr key={b.id} aria-selected={allMatching || selected.has(b.id)}>
              <td>
                <input
                  type="checkbox"
                  aria-label={`Select ${b.business_name ?? b.id}`}
                  checked={allMatching || selected.has(b.id)}
                  disabled={allMatching}
                  onChange={() => toggle(b.id)}
                />
              </td>
              <td>{b.business_name}</td>
              <td>{b.website_url}</td>
              <td>{b.status}</td>
              <td title={b.domain_extraction_error ?? undefined}>
                {b.domain_extraction_status ?? '—'}
                {b.domain_extraction_error ? <span className="reason">: {b.domain_extraction_error}</span> : null}
              </td>
              <td>
                <time dateTime={b.updated_at}>{new Date(b.updated_at).toLocaleString('en-US')}</time>
              </td>
            </tr>
          ))}
          {list.isSuccess && rows.length === 0 && (
            <tr>
              <td colSpan={6} className="empty">
                No business matches these filters.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <nav className="pager" aria-label="Pages">
        <button type="button" onClick={() => setPage(page - 1)} disabled={page <= 1}>
          Previous
        </button>
        <span>
          Page {page} of {list.data?.pages ?? '…'}
        </span>
        <button type="button" onClick={() => setPage(page + 1)} disabled={!list.data || page >= list.data.pages}>
          Next
        </button>
      </nav>
    </section>
  );
}
