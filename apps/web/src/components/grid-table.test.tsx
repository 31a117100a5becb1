import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import type { Selection } from './curation-grid';
import { GridTable } from './grid-table';

const none: Selection = {
  ids: new Set(),
  allMatching: false,
  toggle: () => {},
  tick: () => {},
  setAllMatching: () => {},
  clear: () => {},
};

describe('GridTable', () => {
  it('renders only the rows in view (plus overscan) of a long page, with their place in the whole list', () => {
    const items = Array.from({ length: 1000 }, (_, i) => ({ id: `id-${i}`, name: `Row ${i}` }));
    render(
      <GridTable
        caption="Long"
        items={items}
        total={5000}
        offset={1000}
        loading={false}
        columns={[{ header: 'Name', cell: (r) => r.name }]}
        idOf={(r) => r.id}
        nameOf={(r) => r.name}
        selection={none}
        empty="none"
      />,
    );
    const rendered = screen.getAllByRole('checkbox');
    // 800 px of 36 px rows is 23 rows; 12 overscan below. Never the thousand.
    expect(rendered.length).toBeGreaterThan(20);
    expect(rendered.length).toBeLessThan(50);
    expect(screen.getByRole('table', { name: 'Long' }).getAttribute('aria-rowcount')).toBe('5001');
    expect(screen.getByRole('cell', { name: 'Row 0' }).closest('tr')?.getAttribute('aria-rowindex')).toBe('1002');
  });
});
