import { useQuery } from '@tanstack/react-query';

import { unwrap, type ApiClient, type Schemas } from '../api/client';

type WorkflowStatus = Schemas['WorkflowStatusSchema'];

/** How often the dashboard reads the API's operations snapshot (which itself refreshes every few seconds). */
export const DASHBOARD_REFRESH_MS = 5_000;

const age = (seconds: number | null) =>
  seconds === null
    ? '—'
    : seconds < 120
      ? `${Math.round(seconds)} s`
      : seconds < 7_200
        ? `${Math.round(seconds / 60)} min`
        : `${Math.round(seconds / 3_600)} h`;

/** Processing counts in the order a row moves through them; labels come from the API's answer. */
function countsOf(w: WorkflowStatus): [string, number][] {
  return Object.entries(w.processing_counts)
    .filter(([label]) => label !== 'null')
    .sort((a, b) => b[1] - a[1]);
}

/** The pipeline's health at a glance: per workflow its queue, failures, pauses and what it feeds. */
export function DashboardPage({ api }: { readonly api: ApiClient }) {
  const status = useQuery({
    queryKey: ['workflows-status'],
    queryFn: async ({ signal }) => unwrap(await api.GET('/api/v3/workflows/status', { signal })),
    refetchInterval: DASHBOARD_REFRESH_MS,
  });
  const data = status.data;
  return (
    <section aria-labelledby="dashboard-heading">
      <h2 id="dashboard-heading">Pipeline</h2>
      {status.error && (
        <p role="alert" className="error">
          {status.error.message}
        </p>
      )}
      {data && (
        <p className="muted">
          Snapshot of {new Date(data.snapshot_at).toLocaleTimeString('en-US')}
          {data.counts_are_estimates ? ' (some counts are estimates)' : ''}; refreshes every{' '}
          {DASHBOARD_REFRESH_MS / 1000} s.
        </p>
      )}
      {data && (
        <p className="edges" aria-label="What people queue">
          People queue:{' '}
          {data.api_queues.map((e) => (
            <span key={e.edge} className="edge">
              → {e.to} ({e.queues})
            </span>
          ))}
        </p>
      )}
      <table className="grid dashboard" aria-busy={status.isFetching}>
        <thead>
          <tr>
            <th scope="col">Workflow</th>
            <th scope="col">Processing</th>
            <th scope="col">Oldest queued</th>
            <th scope="col">Expired leases</th>
            <th scope="col">State</th>
            <th scope="col">Latest error</th>
            <th scope="col">Feeds</th>
          </tr>
        </thead>
        <tbody>
          {(data?.workflows ?? []).map((w) => (
            <tr key={w.workflow}>
              <th scope="row">{w.workflow}</th>
              <td>
                {countsOf(w).length === 0
                  ? 'nothing queued yet'
                  : countsOf(w)
                      .map(([label, n]) => `${label} ${n.toLocaleString('en-US')}`)
                      .join(' · ')}
              </td>
              <td>{age(w.oldest_queued_age_seconds)}</td>
              <td className={w.expired_leases > 0 ? 'error' : undefined}>{w.expired_leases}</td>
              <td>
                {w.paused
                  ? `paused until ${new Date(w.paused.until).toLocaleTimeString('en-US')}: ${w.paused.reason}`
                  : 'not paused'}
              </td>
              <td title={w.latest_errors[0]?.error}>{w.latest_errors[0]?.error ?? '—'}</td>
              <td>{w.queues.map((e) => `→ ${e.to}`).join(' ') || '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
