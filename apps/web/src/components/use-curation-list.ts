import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';

import { useSelection, type GridPage } from './curation-grid';
import type { StatusTarget } from './status-control';

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
  readonly read: (filters: F, page: number, signal: AbortSignal) => Promise<GridPage<R>>;
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
  const list = useQuery({
    queryKey: [spec.key, spec.filters, ...(spec.extraKey ?? []), page],
    queryFn: ({ signal }) => spec.read(spec.filters, page, signal),
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
