import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';

import { useSelection, type GridPage } from './curation-grid';
import type { StatusTarget } from './status-control';

/**
 * Which page to read: its number, and the keyset cursor the page before it answered when the console has one.
 * Every page reached with Next has one, so paging stays an index range scan however deep it goes (an offset
 * makes PostgreSQL read and discard every row before the page).
 */
export interface ListPosition {
  readonly page: number;
  readonly cursor: string | undefined;
}

/** The query parameters of a page-numbered list for `position`: the cursor when there is one (the API refuses both). */
export const pageParams = (position: ListPosition, size: number) =>
  position.cursor ? { cursor: position.cursor, size } : { page: position.page, size };

/** The same for a list paged by limit and offset. */
export const offsetParams = (position: ListPosition, limit: number) =>
  position.cursor ? { cursor: position.cursor, limit } : { limit, offset: (position.page - 1) * limit };

/** What every status change answers; `queued` is how many rows it queued downstream. */
export interface StatusChange {
  readonly message: string;
  readonly queued: number;
}

export interface CurationListSpec<R, L extends string, F> {
  /** The list's query key; its filters and the page number are appended. */
  readonly key: string;
  readonly filters: F;
  readonly extraKey?: readonly unknown[];
  readonly read: (filters: F, position: ListPosition, signal: AbortSignal) => Promise<GridPage<R>>;
  readonly change: (label: L, target: StatusTarget, filters: F) => Promise<StatusChange>;
  /** "domain extraction": what a selected row is queued for, for the notice. */
  readonly queuedFor: string;
}

/**
 * The state every curated list shares: the page read for the current filters (the previous one stays on screen
 * while the next loads), the selection, the status change, and the notice it leaves.
 */
export function useCurationList<R, L extends string, F>(spec: CurationListSpec<R, L, F>) {
  const queryClient = useQueryClient();
  const [page, setPage] = useState(1);
  const [notice, setNotice] = useState<string | null>(null);
  const selection = useSelection();
  // The cursor each page starts at (page n+1's is page n's next_cursor), for the filters and sort they came from.
  const cursors = useRef<{ key: string; byPage: Map<number, string> }>({ key: '', byPage: new Map() });
  const listKey = JSON.stringify([spec.filters, spec.extraKey ?? []]);
  if (cursors.current.key !== listKey) cursors.current = { key: listKey, byPage: new Map() };
  const list = useQuery({
    queryKey: [spec.key, spec.filters, ...(spec.extraKey ?? []), page],
    queryFn: async ({ signal }) => {
      const known = cursors.current;
      const rows = await spec.read(spec.filters, { page, cursor: known.byPage.get(page) }, signal);
      if (rows.next_cursor) known.byPage.set(page + 1, rows.next_cursor);
      return rows;
    },
    placeholderData: keepPreviousData,
  });
  const change = useMutation({
    mutationFn: ({ label, target }: { label: L; target: StatusTarget }) => spec.change(label, target, spec.filters),
    onSuccess: (result) => {
      setNotice(`${result.message}${result.queued > 0 ? `; ${result.queued} queued for ${spec.queuedFor}` : ''}`);
      selection.clear();
      void queryClient.invalidateQueries({ queryKey: [spec.key] });
    },
  });
  /** A filter changed: back to the first page, and nothing stays selected that the new filters may not show. */
  const refilter = () => {
    setPage(1);
    selection.clear();
  };
  const gridProps = {
    rows: list.data,
    loading: list.isFetching,
    error: list.error ?? change.error,
    page,
    onPage: setPage,
    selection,
    busy: change.isPending,
    notice,
    onApply: (label: L, target: StatusTarget) => change.mutate({ label, target }),
  };
  /** A filter's change handler: sets it, then {@link refilter}. */
  const onFilter =
    <T>(set: (value: T) => void) =>
    (value: T) => {
      set(value);
      refilter();
    };
  return { gridProps, onFilter, invalidate: () => void queryClient.invalidateQueries({ queryKey: [spec.key] }) };
}
