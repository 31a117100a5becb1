import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';

import type { Selection } from './curation-grid';
import { GridTable } from './grid-table';

afterEach(cleanup);

const none: Selection = {
  ids: new Set(),
  allMatching: false,
  toggle: () => {},
  tick: () => {},
  setAllMatching: () => {},
  clear: () => {},
};

/** A grid of `count` rows named "Row 0", "Row 1", …, page `offset` of a list of `total`. */
function renderRows(caption: string, count: number, total: number, offset: number) {
  const items = Array.from({ length: count }, (_, i) => ({ id: `id-${i}`, name: `Row ${i}` }));
  render(
    <GridTable
      caption={caption}
      items={items}
      total={total}
      offset={offset}
      loading={false}
      columns={[{ header: 'Name', cell: (r) => r.name }]}
      idOf={(r) => r.id}
      nameOf={(r) => r.name}
      selection={none}
      empty="none"
    />,
  );
}

describe('GridTable', () => {
  it('renders only the rows in view (plus overscan) of a long page, with their place in the whole list', () => {
    renderRows('Long', 1000, 5000, 1000);
    const rendered = screen.getAllByRole('checkbox');
    // 800 px of 36 px rows is 23 rows; 12 overscan below. Never the thousand.
    expect(rendered.length).toBeGreaterThan(20);
    expect(rendered.length).toBeLessThan(50);
    expect(screen.getByRole('table', { name: 'Long' }).getAttribute('aria-rowcount')).toBe('5001');
    expect(screen.getByRole('cell', { name: 'Row 0' }).closest('tr')?.getAttribute('aria-rowindex')).toBe('1002');
  });

  // Rows beyond the rendered ones need real scrolling (jsdom has none): the 10,000-row browser test walks those.
  it('moves between rows with ArrowDown and ArrowUp', async () => {
    renderRows('Keys', 200, 200, 0);
    const box = (n: number) => screen.queryByRole('checkbox', { name: `Select Row ${n}` });
    box(0)?.focus();
    fireEvent.keyDown(box(0) as HTMLElement, { key: 'ArrowUp' });
    expect(document.activeElement).toBe(box(0));
    fireEvent.keyDown(box(0) as HTMLElement, { key: 'ArrowDown' });
    expect(document.activeElement).toBe(box(1));
    fireEvent.keyDown(box(1) as HTMLElement, { key: 'ArrowUp' });
    expect(document.activeElement).toBe(box(0));
    for (let n = 0; n < 20; n += 1) {
      fireEvent.keyDown(document.activeElement as HTMLElement, { key: 'ArrowDown' });
      await waitFor(() => expect(document.activeElement).toBe(box(n + 1)));
    }
  });
});
