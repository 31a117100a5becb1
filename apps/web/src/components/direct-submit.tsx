import { useMutation } from '@tanstack/react-query';
import { useId, useState } from 'react';

export interface DirectSubmitProps {
  /** What is typed, one per line: ["domain", "domains"], ["page URL", "page URLs"]. */
  readonly noun: readonly [one: string, many: string];
  /** What the queue box does, e.g. "Queue them for sitemap discovery". */
  readonly queueLabel: string;
  /** At most this many lines per request (the API's own limit, said before it refuses). */
  readonly max: number;
  /** Sends the lines; answers the sentence the console shows for the result. */
  readonly submit: (lines: readonly string[], autoQueue: boolean) => Promise<string>;
  readonly onSubmitted: () => void;
}

/** Rows typed by a person, one per line, sent to a direct-submit endpoint; the API normalises and checks each. */
export function DirectSubmit({ noun: [one, many], queueLabel, max, submit, onSubmitted }: DirectSubmitProps) {
  const textId = useId();
  const queueId = useId();
  const [text, setText] = useState('');
  const [autoQueue, setAutoQueue] = useState(false);
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const send = useMutation({
    mutationFn: () => submit(lines, autoQueue),
    onSuccess: () => {
      setText('');
      onSubmitted();
    },
  });
  const tooMany = lines.length > max;
  return (
    <form
      className="submit"
      aria-label={`Add ${many}`}
      onSubmit={(e) => {
        e.preventDefault();
        send.mutate();
      }}
    >
      <label htmlFor={textId}>{`${many.charAt(0).toUpperCase()}${many.slice(1)} to add, one per line`}</label>
      <textarea id={textId} rows={3} value={text} onChange={(e) => setText(e.target.value)} />
      <span>
        <input id={queueId} type="checkbox" checked={autoQueue} onChange={(e) => setAutoQueue(e.target.checked)} />
        <label htmlFor={queueId}>{queueLabel}</label>
      </span>
      <button type="submit" disabled={lines.length === 0 || tooMany || send.isPending}>
        Add {lines.length || ''} {lines.length === 1 ? one : many}
      </button>
      {tooMany && (
        <p role="alert" className="error">
          At most {max} per submission; this has {lines.length}. Use the CSV upload for more.
        </p>
      )}
      {send.error && (
        <p role="alert" className="error">
          {send.error.message}
        </p>
      )}
      {send.data && (
        <p role="status" className="notice">
          {send.data}
        </p>
      )}
    </form>
  );
}
