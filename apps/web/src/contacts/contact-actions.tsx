import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';

import { unwrap, type ApiClient } from '../api/client';
import { crmNames } from '../api/labels';
import type { StatusTarget } from '../components/status-control';

type Crm = (typeof crmNames)[number];

// The API refuses Mautic (no client exists, so nothing would deliver); the console does not offer it.
const DELIVERABLE = crmNames.filter((crm): crm is Exclude<Crm, 'mautic'> => crm !== 'mautic');

/**
 * What a curator does with ticked contacts besides their status: validate the addresses (DeBounce) and send them
 * to a CRM. Both take ticked rows only: the API's bulk forms of them filter differently from this list.
 */
export function ContactActions({
  api,
  target,
  onDone,
}: {
  readonly api: ApiClient;
  readonly target: StatusTarget | null;
  readonly onDone: () => void;
}) {
  const crmId = useId();
  const queryClient = useQueryClient();
  const [crm, setCrm] = useState<(typeof DELIVERABLE)[number]>('hubspot');
  const [notice, setNotice] = useState<string | null>(null);
  const ids = target?.kind === 'ids' ? [...target.ids] : [];
  const settle = {
    onSuccess: (message: string) => {
      setNotice(message);
      onDone();
      void queryClient.invalidateQueries({ queryKey: ['contacts'] });
    },
  };
  const validate = useMutation({
    mutationFn: async () => unwrap(await api.POST('/api/v3/contacts/validate', { body: { contact_ids: ids } })).message,
    ...settle,
  });
  const deliver = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.PUT('/api/v3/contacts/crm/select', { body: { contact_ids: ids, crms: [crm], action: 'select' } }),
      ).message,
    ...settle,
  });
  const busy = validate.isPending || deliver.isPending;
  const disabled = busy || ids.length === 0;
  const error = validate.error ?? deliver.error;
  return (
    <div className="contact-actions" role="group" aria-label="Validate and deliver">
      <button type="button" disabled={disabled} onClick={() => validate.mutate()}>
        Validate with DeBounce
      </button>
      <label htmlFor={crmId}>CRM</label>
      <select id={crmId} value={crm} onChange={(e) => setCrm(e.target.value as typeof crm)}>
        {DELIVERABLE.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
      <button type="button" disabled={disabled} onClick={() => deliver.mutate()}>
        Send to CRM
      </button>
      {target?.kind === 'matching' && <span className="reason">Tick rows to validate or send them.</span>}
      {notice && (
        <span role="status" className="notice">
          {notice}
        </span>
      )}
      {error && (
        <span role="alert" className="error">
          {error.message}
        </span>
      )}
    </div>
  );
}
