import { useId, useState } from 'react';

/** What a status change applies to: the rows ticked, or every row matching the list's filters. */
export type StatusTarget =
  | { readonly kind: 'ids'; readonly ids: readonly string[] }
  | { readonly kind: 'matching'; readonly total: number; readonly estimated: boolean };

export interface StatusControlProps<L extends string> {
  readonly labels: readonly L[];
  readonly target: StatusTarget | null;
  readonly busy?: boolean;
  readonly onApply: (label: L, target: StatusTarget) => void;
}

const countOf = (target: StatusTarget) => (target.kind === 'ids' ? target.ids.length : target.total);

/**
 * Sets the curation status of the selection. A change to every matching row is confirmed first with the
 * count it will touch, and says so when that count is the planner's estimate rather than an exact one.
 */
export function StatusControl<L extends string>({ labels, target, busy, onApply }: StatusControlProps<L>) {
  const selectId = useId();
  const [label, setLabel] = useState<L>(labels[0]);
  const [confirming, setConfirming] = useState(false);
  const count = target ? countOf(target) : 0;
  const disabled = busy || !target || count === 0;

  const apply = () => {
    if (!target) return;
    if (target.kind === 'matching' && !confirming) {
      setConfirming(true);
      return;
    }
    setConfirming(false);
    onApply(label, target);
  };

  return (
    <div className="status-control" role="group" aria-label="Change curation status">
      <label htmlFor={selectId}>Set status</label>
      <select
        id={selectId}
        value={label}
        onChange={(e) => {
          setLabel(e.target.value as L);
          setConfirming(false);
        }}
      >
        {labels.map((l) => (
          <option key={l} value={l}>
            {l}
          </option>
        ))}
      </select>
      <button type="button" onClick={apply} disabled={disabled}>
        {target?.kind === 'matching'
          ? `Apply to all ${count.toLocaleString('en-US')} matching`
          : `Apply to ${count} selected`}
      </button>
      {confirming && target?.kind === 'matching' && (
        <div role="alertdialog" aria-label="Confirm bulk change" className="confirm">
          <p>
            Set <strong>{label}</strong> on {target.estimated ? 'about ' : ''}
            <strong>{target.total.toLocaleString('en-US')}</strong> rows
            {target.estimated ? ' (an estimate: the exact number is counted when the change runs)' : ''}?
          </p>
          <button type="button" onClick={apply}>
            Yes, change {target.estimated ? 'them' : `all ${target.total.toLocaleString('en-US')}`}
          </button>
          <button type="button" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      )}
    </div>
  );
}
