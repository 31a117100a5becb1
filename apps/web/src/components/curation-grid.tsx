import { useState, type ReactNode } from 'react';

import { GridTable } from './grid-table';
import { StatusControl, type StatusTarget } from './status-control';

export interface GridColumn<R> {
  readonly header: string;
  readonly cell: (row: R) => ReactNode;
  /** Shown as the cell's tooltip, e.g. the full error reason. */
  readonly title?: (row: R) => string | undefined;
}

/** The page of a curated list, as every list answers it. */
export interface GridPage<R> {
  readonly items: readonly R[];
  readonly total: number;
  readonly pages: number;
  readonly total_is_estimate: boolean;
  /** The keyset cursor of the next page; null on the last page (or when the list gave none). */
  readonly next_cursor: string | null;
}

export interface CurationGridProps<R, L extends string> {
  readonly caption: string;
  readonly rows: GridPage<R> | undefined;
  readonly loading: boolean;
  readonly error: Error | null;
  readonly columns: readonly GridColumn<R>[];
  readonly idOf: (row: R) => string;
  readonly nameOf: (row: R) => string;
  readonly labels: readonly L[];
  readonly page: number;
  readonly onPage: (page: number) => void;
  readonly selection: Selection;
  readonly busy: boolean;
  readonly notice: string | null;
  readonly onApply: (label: L, target: StatusTarget) => void;
  readonly empty: string;
  /** More actions on the same selection, next to the status control (contacts: validate, send to a CRM). */
  readonly actions?: (target: StatusTarget | null) => ReactNode;
  /**
   * Whether a row's processing ended in failure: the toolbar then offers to tick this page's failed rows, so
   * setting them Selected re-queues them (the dual-status rule clears the error and the attempts).
   */
  readonly failed?: (row: R) => boolean;
}

/** Which rows a status change applies to: ticked ids, or every row matching the filters. */
export interface Selection {
  readonly ids: ReadonlySet<string>;
  readonly allMatching: boolean;
  toggle(id: string): void;
  /** Ticks exactly these rows. */
  tick(ids: readonly string[]): void;
  setAllMatching(on: boolean): void;
  clear(): void;
}

export function useSelection(): Selection {
  const [ids, setIds] = useState<ReadonlySet<string>>(new Set());
  const [allMatching, setAll] = useState(false);
  return {
    ids,
    allMatching,
    toggle: (id) => {
      const next = new Set(ids);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      setIds(next);
      setAll(false);
    },
    tick: (only) => {
      setIds(new Set(only));
      setAll(false);
    },
    setAllMatching: (on) => {
      setAll(on);
      setIds(new Set());
    },
    clear: () => {
      setIds(new Set());
      setAll(false);
    },
  };
}

/**
 * One curated list: its count (flagged when estimated), row and select-all-matching selection, the status
 * control, the rows with their processing status, and paging. Fixed row heights: rows arriving move nothing.
 */
export function CurationGrid<R, L extends string>(props: CurationGridProps<R, L>) {
  const { rows, selection, columns } = props;
  const items = rows?.items ?? [];
  const target: StatusTarget | null = selection.allMatching
    ? { kind: 'matching', total: rows?.total ?? 0, estimated: rows?.total_is_estimate ?? false }
    : selection.ids.size > 0
      ? { kind: 'ids', ids: [...selection.ids] }
      : null;
  return (
    <>
      <div className="toolbar">
        <span aria-live="polite">
          {rows ? `${rows.total_is_estimate ? 'about ' : ''}${rows.total.toLocaleString('en-US')} matching` : ' '}
        </span>
        <button
          type="button"
          onClick={() => selection.setAllMatching(!selection.allMatching)}
          aria-pressed={selection.allMatching}
          disabled={!rows || rows.total === 0}
        >
          {selection.allMatching ? 'Clear selection' : 'Select all matching'}
        </button>
        {props.failed && <TickFailed items={items} failed={props.failed} idOf={props.idOf} selection={selection} />}
        <StatusControl labels={props.labels} target={target} busy={props.busy} onApply={props.onApply} />
        {props.actions?.(target)}
      </div>
      {props.notice && (
        <p role="status" className="notice">
          {props.notice}
        </p>
      )}
      {props.error && (
        <p role="alert" className="error">
          {props.error.message}
        </p>
      )}
      <GridTable
        caption={props.caption}
        items={items}
        total={rows?.total ?? 0}
        offset={offsetOf(rows, props.page)}
        loading={props.loading}
        columns={columns}
        idOf={props.idOf}
        nameOf={props.nameOf}
        selection={selection}
        empty={rows ? props.empty : null}
      />
      <nav className="pager" aria-label="Pages">
        <button type="button" onClick={() => props.onPage(props.page - 1)} disabled={props.page <= 1}>
          Previous
        </button>
        <span>
          Page {props.page} of {rows?.pages ?? '…'}
        </span>
        <button type="button" onClick={() => props.onPage(props.page + 1)} disabled={!rows || props.page >= rows.pages}>
          Next
        </button>
      </nav>
    </>
  );
}

/** "Tick 3 failed": this page's failed rows ticked, ready to be set Selected (re-queued). */
function TickFailed<R>(props: {
  readonly items: readonly R[];
  readonly failed: (row: R) => boolean;
  readonly idOf: (row: R) => string;
  readonly selection: Selection;
}) {
  const ids = props.items.filter(props.failed).map(props.idOf);
  return (
    <button
      type="button"
      disabled={ids.length === 0}
      title="Tick this page's failed rows; set them Selected to re-queue them"
      onClick={() => props.selection.tick(ids)}
    >
      Tick {ids.length} failed
    </button>
  );
}

/** Where `page`'s first row stands in the whole list: pages before the last are full, the last ends the list. */
function offsetOf<R>(rows: GridPage<R> | undefined, page: number): number {
  if (!rows) return 0;
  return page >= rows.pages ? Math.max(0, rows.total - rows.items.length) : (page - 1) * rows.items.length;
}

/** Pages of `size` rows for `total` rows, at least one (an empty list still has its first page). */
export function pageCount(total: number, size: number): number {
  return Math.max(1, Math.ceil(total / size));
}

/** The "Updated" column every grid ends with. */
export function updatedColumn<R extends { readonly updated_at: string }>(): GridColumn<R> {
  return {
    header: 'Updated',
    cell: (row) => <time dateTime={row.updated_at}>{new Date(row.updated_at).toLocaleString('en-US')}</time>,
  };
}

/** A processing status with its reason, as every grid shows it. */
export function ProcessingCell({ status, error }: { readonly status: string | null; readonly error: string | null }) {
  return (
    <>
      {status ?? '—'}
      {error ? <span className="reason">: {error}</span> : null}
    </>
  );
}

/**
 * A stored URL as a person scans a column of them: its path first (what tells rows of one site apart), then, when
 * asked, the host in grey. The cell's tooltip keeps the whole URL; a value that does not parse is shown as it is.
 */
export function UrlCell({ url, withHost = true }: { readonly url: string; readonly withHost?: boolean }) {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return <>{url}</>;
  }
  return (
    <>
      {`${parsed.pathname}${parsed.search}`}
      {withHost ? <span className="muted"> {parsed.host}</span> : null}
    </>
  );
}
