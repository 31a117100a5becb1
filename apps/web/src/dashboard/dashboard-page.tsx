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

/** The console tab listing a workflow's rows, so a failure links to where it can be seen and re-queued. */
const TAB_OF_TABLE: Readonly<Record<string, string>> = {
  place_searches: 'search',
  places_staging: 'places',
  local_businesses: 'businesses',
  domains: 'domains',
  sitemap_files: 'sitemaps',
  pages: 'pages',
  contacts: 'contacts',
};

const lastHour = (w: WorkflowStatus) => {
  const more = w.last_hour.at_least ? '≥ ' : '';
  return `${more}${w.last_hour.done.toLocaleString('en-US')} done · ${more}${w.last_hour.failed.toLocaleString('en-US')} failed`;
};

const queuedOf = (w: WorkflowStatus) =>
  Object.entries(w.processing_counts)
    .filter(([label]) => /^queued$/i.test(label))
    .reduce((sum, [, n]) => sum + n, 0);

/**
 * The pipeline drawn in order: each workflow with its queue, joined by "auto" where the one before queues it
 * itself (an edge on by default) and by "curated" where a person's selection does.
 */
function PipelineDiagram({ workflows }: { readonly workflows: readonly WorkflowStatus[] }) {
  return (
    <ol className="pipeline" aria-label="Pipeline">
      {workflows.map((w, i) => {
        const previous = workflows[i - 1];
        // An edge that is off unless a worker setting turns it on (DeBounce → CRMs) is not drawn as automatic.
        const fed = previous?.queues.some((e) => e.to === w.workflow && e.enabled_by_default);
        return (
          <li key={w.workflow}>
            {previous && <span className="link">{fed ? 'auto →' : 'curated →'}</span>}
            <a className={`stage${w.paused ? ' paused' : ''}`} href={`#${TAB_OF_TABLE[w.table] ?? 'dashboard'}`}>
              {w.workflow}
              <small>{queuedOf(w).toLocaleString('en-US')} queued</small>
            </a>
          </li>
        );
      })}
    </ol>
  );
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
      {data && <PipelineDiagram workflows={data.workflows} />}
      <table className="grid dashboard" aria-busy={status.isFetching}>
        <thead>
          <tr>
            <th scope="col">Workflow</th>
            <th scope="col">Processing</th>
            <th scope="col">Last hour</th>
            <th scope="col">Oldest queued</th>
            <th scope="col">Expired leases</th>
            <th scope="col">Lease holders</th>
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
              <td>{lastHour(w)}</td>
              <td>{age(w.oldest_queued_age_seconds)}</td>
              <td className={w.expired_leases > 0 ? 'error' : undefined}>{w.expired_leases}</td>
              <td>
                {w.lease_holders.length === 0
                  ? 'none'
                  : w.lease_holders.map((h) => `${h.worker} (${h.rows.toLocaleString('en-US')})`).join(', ')}
              </td>
              <td>
                {w.paused
                  ? `paused until ${new Date(w.paused.until).toLocaleTimeString('en-US')}: ${w.paused.reason}`
                  : 'not paused'}
              </td>
              <td title={w.latest_errors[0]?.error}>
                {w.latest_errors[0] ? (
                  <a href={`#${TAB_OF_TABLE[w.table] ?? 'dashboard'}`}>{w.latest_errors[0].error}</a>
                ) : (
                  '—'
                )}
              </td>
              <td>{w.queues.map((e) => `→ ${e.to}`).join(' ') || '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
