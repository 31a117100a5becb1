import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';

import { unwrap, type ApiClient } from '../api/client';

/** How often a running search and the history are read again. */
const POLL_MS = 2_000;
const finished = (status: string) => status === 'complete' || status === 'failed';

/** WF1: start a Google place search, watch it run, and see every earlier search. */
export function SearchPage({ api }: { readonly api: ApiClient }) {
  const queryClient = useQueryClient();
  const typeId = useId();
  const locationId = useId();
  const radiusId = useId();
  const [businessType, setBusinessType] = useState('');
  const [location, setLocation] = useState('');
  const [radiusKm, setRadiusKm] = useState(10);
  const [jobId, setJobId] = useState<string | null>(null);

  const start = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST('/api/v3/localminer-discoveryscan/search/places', {
          body: { business_type: businessType.trim(), location: location.trim(), radius_km: radiusKm },
        }),
      ),
    onSuccess: (started) => {
      setJobId(started.job_id);
      void queryClient.invalidateQueries({ queryKey: ['search-history'] });
    },
  });
  const status = useQuery({
    queryKey: ['search-status', jobId],
    enabled: jobId !== null,
    queryFn: async ({ signal }) =>
      unwrap(
        await api.GET('/api/v3/localminer-discoveryscan/search/status/{job_id}', {
          params: { path: { job_id: jobId ?? '' } },
          signal,
        }),
      ),
    refetchInterval: (query) => (query.state.data && finished(query.state.data.status) ? false : POLL_MS),
  });
  const history = useQuery({
    queryKey: ['search-history'],
    queryFn: async ({ signal }) =>
      unwrap(
        await api.GET('/api/v3/localminer-discoveryscan/search/history', { params: { query: { limit: 20 } }, signal }),
      ),
    refetchInterval: POLL_MS * 2.5,
  });

  return (
    <section aria-labelledby="search-heading">
      <h2 id="search-heading">Search</h2>
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          start.mutate();
        }}
      >
        <label htmlFor={typeId}>Business type</label>
        <input
          id={typeId}
          value={businessType}
          onChange={(e) => setBusinessType(e.target.value)}
          required
          maxLength={200}
        />
        <label htmlFor={locationId}>Location</label>
        <input
          id={locationId}
          value={location}
          onChange={(e) => setLocation(e.target.value)}
          required
          maxLength={200}
        />
        <label htmlFor={radiusId}>Radius (km)</label>
        <input
          id={radiusId}
          type="number"
          min={1}
          max={50}
          value={radiusKm}
          onChange={(e) => setRadiusKm(Number(e.target.value))}
          required
        />
        <button type="submit" disabled={start.isPending}>
          Start search
        </button>
      </form>
      {start.error && (
        <p role="alert" className="error">
          {start.error.message}
        </p>
      )}
      {status.data && (
        <p role="status" className="notice">
          Search “{status.data.search_query}” in {status.data.search_location}: {status.data.status}
          {status.data.total_places !== undefined ? `, ${status.data.total_places} places found` : ''}
          {status.data.error ? ` (${status.data.error})` : ''}
          <progress value={status.data.progress} max={1} aria-label="Search progress" />
        </p>
      )}
      <h3>History</h3>
      <table className="grid" aria-label="Search history" aria-busy={history.isFetching}>
        <thead>
          <tr>
            <th scope="col">Started</th>
            <th scope="col">Business type</th>
            <th scope="col">Location</th>
            <th scope="col">Status</th>
            <th scope="col">Places found</th>
          </tr>
        </thead>
        <tbody>
          {(history.data ?? []).map((s) => (
            <tr key={s.id}>
              <td>
                <time dateTime={s.created_at}>{new Date(s.created_at).toLocaleString('en-US')}</time>
              </td>
              <td>{s.business_type}</td>
              <td>{s.location}</td>
              <td title={s.error_message ?? undefined}>
                {s.status}
                {s.error_message ? <span className="reason">: {s.error_message}</span> : null}
              </td>
              <td>
                {typeof s.params?.found === 'number' ? (
                  <a href={`#places?job=${s.id}`}>{s.params.found} places</a>
                ) : (
                  '—'
                )}
              </td>
            </tr>
          ))}
          {history.isSuccess && history.data.length === 0 && (
            <tr>
              <td colSpan={5} className="empty">
                No search yet.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </section>
  );
}
