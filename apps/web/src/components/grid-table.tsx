import { flexRender, getCoreRowModel, useReactTable, type ColumnDef } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, type KeyboardEvent } from 'react';

import type { GridColumn, Selection } from './curation-grid';

/** Rows are one line high (long text is cut with an ellipsis, its full value in the tooltip). */
const ROW_HEIGHT = 36;
/** Rows rendered beyond the visible ones, so fast scrolling and keyboard moves land on rows already there. */
const OVERSCAN = 12;

export interface GridTableProps<R> {
  readonly caption: string;
  readonly items: readonly R[];
  /** Rows of the whole list (all pages), for assistive technology's "row 3 of 1,000,000". */
  readonly total: number;
  /** Index of the first item in the whole list (page offset). */
  readonly offset: number;
  readonly loading: boolean;
  readonly columns: readonly GridColumn<R>[];
  readonly idOf: (row: R) => string;
  readonly nameOf: (row: R) => string;
  readonly selection: Selection;
  /** Shown as the only row when the page has none (null while the first page loads). */
  readonly empty: string | null;
}

/**
 * The rows of a curated list: TanStack Table for the model, TanStack Virtual for the rows, so only those in view
 * (plus {@link OVERSCAN}) are in the DOM however long the page. Spacer rows keep the scroll height true and the
 * markup a real table (header cells, row selection by checkbox, aria-rowindex for the skipped rows).
 */
export function GridTable<R>(props: GridTableProps<R>) {
  const { selection, nameOf, columns } = props;
  const defs = useMemo<ColumnDef<R>[]>(
    () =>
      columns.map((c) => ({
        id: c.header,
        header: c.header,
        cell: ({ row }) => c.cell(row.original),
      })),
    [columns],
  );
  const titles = useMemo(() => new Map(columns.map((c) => [c.header, c.title])), [columns]);
  const table = useReactTable<R>({
    data: props.items as R[],
    columns: defs,
    getCoreRowModel: getCoreRowModel(),
    getRowId: props.idOf,
  });
  const rows = table.getRowModel().rows;
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: OVERSCAN,
  });
  /**
   * ArrowDown/ArrowUp on a row's checkbox moves to the next/previous row's, scrolling it into view first when the
   * virtualiser has not rendered it yet (it is then focused a frame or two later, once it exists).
   */
  const moveFocus = (event: KeyboardEvent<HTMLTableSectionElement>) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const from = (event.target as HTMLElement).closest('tr')?.dataset.index;
    if (from === undefined) return;
    const next = Number(from) + (event.key === 'ArrowDown' ? 1 : -1);
    event.preventDefault();
    if (next < 0 || next >= rows.length) return;
    virtualizer.scrollToIndex(next);
    let tries = 0;
    const focus = () => {
      const box = scroller.current?.querySelector<HTMLInputElement>(`tr[data-index="${next}"] input[type="checkbox"]`);
      if (box) box.focus();
      else if ((tries += 1) < 10) requestAnimationFrame(focus);
    };
    focus();
  };
  const visible = virtualizer.getVirtualItems();
  const before = visible.length > 0 ? visible[0].start : 0;
  const after = visible.length > 0 ? virtualizer.getTotalSize() - visible[visible.length - 1].end : 0;
  const span = columns.length + 1;

  return (
    <div className="grid-scroll" ref={scroller}>
      <table
        className="grid selectable"
        aria-busy={props.loading}
        aria-label={props.caption}
        aria-rowcount={props.total + 1}
      >
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id} aria-rowindex={1}>
              <th scope="col">
                <span className="visually-hidden">Selected</span>
              </th>
              {group.headers.map((header) => (
                <th key={header.id} scope="col">
                  {flexRender(header.column.columnDef.header, header.getContext())}
                </th>
              ))}
            </tr>
          ))}
        </thead>
        <tbody onKeyDown={moveFocus}>
          {before > 0 && (
            <tr aria-hidden="true" className="spacer">
              <td colSpan={span} style={{ height: before }} />
            </tr>
          )}
          {visible.map((item) => {
            const row = rows[item.index];
            const checked = selection.allMatching || selection.ids.has(row.id);
            return (
              <tr
                key={row.id}
                aria-selected={checked}
                aria-rowindex={props.offset + item.index + 2}
                data-index={item.index}
                style={{ height: ROW_HEIGHT }}
              >
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Select ${nameOf(row.original)}`}
                    checked={checked}
                    disabled={selection.allMatching}
                    onChange={() => selection.toggle(row.id)}
                  />
                </td>
                {row.getVisibleCells().map((cell) => (
                  <td key={cell.id} title={titles.get(cell.column.id)?.(row.original)}>
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </td>
                ))}
              </tr>
            );
          })}
          {after > 0 && (
            <tr aria-hidden="true" className="spacer">
              <td colSpan={span} style={{ height: after }} />
            </tr>
          )}
          {props.empty !== null && rows.length === 0 && (
            <tr>
              <td colSpan={span} className="empty">
                {props.empty}
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
