import { useMutation } from '@tanstack/react-query';
import { useId, useState } from 'react';

import { unwrap, type ApiClient } from '../api/client';

/** Domains typed by a person, one per line; the API normalises each (https://www.Example.com/x → example.com). */
export function DomainSubmit({ api, onSubmitted }: { readonly api: ApiClient; readonly onSubmitted: () => void }) {
  const textId = useId();
  const queueId = useId();
  const [text, setText] = useState('');
  const [autoQueue, setAutoQueue] = useState(false);
  const domains = text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  const submit = useMutation({
    mutationFn: async () =>
      unwrap(await api.POST('/api/v3/domains/direct-submit', { body: { domains, auto_queue: autoQueue } })),
    onSuccess: () => {
      setText('');
      onSubmitted();
    },
  });
  return (
    <form
      className="submit"
      aria-label="Add domains"
      onSubmit={(e) => {
        e.preventDefault();
        submit.mutate();
      }}
    >
      <label htmlFor={textId}>Domains to add, one per line</label>
      <textarea id={textId} rows={3} value={text} onChange={(e) => setText(e.target.value)} />
      <span>
        <input id={queueId} type="checkbox" checked={autoQueue} onChange={(e) => setAutoQueue(e.target.checked)} />
        <label htmlFor={queueId}>Queue them for sitemap discovery</label>
      </span>
      <button type="submit" disabled={domains.length === 0 || submit.isPending}>
        Add {domains.length || ''} domain{domains.length === 1 ? '' : 's'}
      </button>
      {submit.error && (
        <p role="alert" className="error">
          {submit.error.message}
        </p>
      )}
      {submit.data && (
        <p role="status" className="notice">
          Added {submit.data.submitted_count}: {submit.data.normalized_domains.join(', ')}
          {submit.data.auto_queued ? ' (queued for sitemap discovery)' : ''}
        </p>
      )}
    </form>
  );
}
