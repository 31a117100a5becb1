import { useId } from 'react';

/** A filter on one label of the API's, or any. */
export function LabelFilter<L extends string>(props: {
  readonly label: string;
  readonly labels: readonly L[];
  readonly value: L | '';
  readonly onChange: (value: L | '') => void;
}) {
  const id = useId();
  return (
    <>
      <label htmlFor={id}>{props.label}</label>
      <select id={id} value={props.value} onChange={(e) => props.onChange(e.target.value as L | '')}>
        <option value="">Any</option>
        {props.labels.map((l) => (
          <option key={l} value={l}>
            {l}
          </option>
        ))}
      </select>
    </>
  );
}

/** One of the API's sort keys, newest first. */
export function SortSelect<K extends string>(props: {
  readonly keys: readonly K[];
  readonly value: K;
  readonly onChange: (value: K) => void;
}) {
  const id = useId();
  return (
    <>
      <label htmlFor={id}>Newest by</label>
      <select id={id} value={props.value} onChange={(e) => props.onChange(e.target.value as K)}>
        {props.keys.map((k) => (
          <option key={k} value={k}>
            {k}
          </option>
        ))}
      </select>
    </>
  );
}

/** A substring filter (the API matches case-insensitively, 200 characters at most). */
export function TextFilter(props: {
  readonly label: string;
  readonly value: string;
  readonly onChange: (v: string) => void;
}) {
  const id = useId();
  return (
    <>
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        type="search"
        value={props.value}
        maxLength={200}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </>
  );
}

/** A yes/no filter, or any. */
export function BooleanFilter(props: {
  readonly label: string;
  readonly value: boolean | undefined;
  readonly onChange: (value: boolean | undefined) => void;
}) {
  const id = useId();
  const text = props.value === undefined ? '' : String(props.value);
  return (
    <>
      <label htmlFor={id}>{props.label}</label>
      <select
        id={id}
        value={text}
        onChange={(e) => props.onChange(e.target.value === '' ? undefined : e.target.value === 'true')}
      >
        <option value="">Any</option>
        <option value="true">Yes</option>
        <option value="false">No</option>
      </select>
    </>
  );
}

/** Says a list is narrowed by its address (one search's places, one domain's rows), with the way back to all. */
export function ScopeNote(props: { readonly text: string; readonly allHref: string; readonly allLabel: string }) {
  return (
    <p className="muted">
      {props.text} <a href={props.allHref}>{props.allLabel}</a>
    </p>
  );
}
