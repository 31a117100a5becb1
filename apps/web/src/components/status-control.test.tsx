import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { placeStatusLabels } from '../api/labels';
import { StatusControl } from './status-control';

afterEach(cleanup);

describe('StatusControl', () => {
  it('offers every label of the API, and is disabled with nothing selected', () => {
    render(<StatusControl labels={placeStatusLabels} target={null} onApply={vi.fn()} />);
    const options = screen.getAllByRole('option').map((o) => o.textContent);
    expect(options).toEqual(['New', 'Selected', 'Maybe', 'Not a Fit', 'Archived']);
    expect(screen.getByRole('button', { name: /apply/i })).toHaveProperty('disabled', true);
  });

  it('applies the chosen label to the ticked rows at once', () => {
    const onApply = vi.fn();
    render(<StatusControl labels={placeStatusLabels} target={{ kind: 'ids', ids: ['a', 'b'] }} onApply={onApply} />);
    fireEvent.change(screen.getByLabelText('Set status'), { target: { value: 'Not a Fit' } });
    fireEvent.click(screen.getByRole('button', { name: 'Apply to 2 selected' }));
    expect(onApply).toHaveBeenCalledWith('Not a Fit', { kind: 'ids', ids: ['a', 'b'] });
  });

  it('confirms a change to every matching row with its exact count before applying it', () => {
    const onApply = vi.fn();
    const target = { kind: 'matching', total: 10_000, estimated: false } as const;
    render(<StatusControl labels={placeStatusLabels} target={target} onApply={onApply} />);
    fireEvent.click(screen.getByRole('button', { name: 'Apply to all 10,000 matching' }));
    expect(onApply).not.toHaveBeenCalled();
    const dialog = screen.getByRole('alertdialog', { name: 'Confirm bulk change' });
    expect(dialog.textContent).toContain('Set New on 10,000 rows?');
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Apply to all 10,000 matching' }));
    fireEvent.click(screen.getByRole('button', { name: 'Yes, change all 10,000' }));
    expect(onApply).toHaveBeenCalledTimes(1);
    expect(onApply).toHaveBeenCalledWith('New', target);
  });

  it('says when the count to confirm is an estimate', () => {
    render(
      <StatusControl
        labels={placeStatusLabels}
        target={{ kind: 'matching', total: 430_000, estimated: true }}
        onApply={vi.fn()}
      />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Apply to all 430,000 matching' }));
    expect(screen.getByRole('alertdialog').textContent).toMatch(/about 430,000 rows \(an estimate/);
  });
});
