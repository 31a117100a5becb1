// npm run bench:contacts: WF7 page curation throughput. Pages spread over many local sites (padded,
// real-world-shaped contact pages served by a separate process) are selected and drained by one loop
// through the real safe fetcher (robots.txt, per-host politeness), extractor and set-based upsert.
// Reports pages/s, contacts written, statements per cycle and peak RSS of this process (the worker).
// BENCH_DATABASE_URL: a server (the bench creates and drops its own database); unset: embedded PostgreSQL.
// BENCH_CONTACT_PAGES (default 2000) and BENCH_CONTACT_HOSTS (default 100) size the run.
import { Logger } from '@nestjs/common';
import { ObjectLiteral } from 'typeorm';

import { parseConnectTo, SafeFetcher } from '@curation/integrations';
import { contactHost } from '@curation/integrations/testing';
import {
  applyCurationStatus,
  DEFAULT_TENANT_ID,
  openDataSource,
  PageCurationStatus,
  queryRecorder,
  SchedulerLoop,
  WF7_PAGE_CURATION,
  WorkflowDefinition,
  WorkflowTuning,
} from '@curation/sdk';
import { Wf7PageCurationHandler } from '@curation/sdk/worker';

import { benchServer, machineLine, migratedDatabase, runBench, startSitesProcess } from './bench-support';

const PAGES = Number(process.env.BENCH_CONTACT_PAGES ?? 2000);
const HOSTS = Number(process.env.BENCH_CONTACT_HOSTS ?? 100);

/** Politeness as shipped (FETCH_PER_HOST_*), then the same with more pages in flight per batch. */
const RUNS: { name: string; tuning: Partial<WorkflowTuning>; perHostDelayMs: number; perHostConcurrency: number }[] = [
  {
    name: 'defaults (batch 20, concurrency 5, 250 ms per host)',
    tuning: {},
    perHostDelayMs: 250,
    perHostConcurrency: 2,
  },
  {
    name: 'batch 100, concurrency 32, 250 ms per host',
    tuning: { batchSize: 100, concurrency: 32 },
    perHostDelayMs: 250,
    perHostConcurrency: 2,
  },
  {
    name: 'batch 100, concurrency 32, no per-host delay',
    tuning: { batchSize: 100, concurrency: 32 },
    perHostDelayMs: 0,
    perHostConcurrency: 2,
  },
];

async function main(): Promise<void> {
  Logger.overrideLogger(['error']);
  const pg = await benchServer('contacts');
  const sites = await startSitesProcess(['--huge', '1', '--contact-hosts', String(HOSTS)]);
  const lines = [
    `bench:contacts on ${machineLine()}, ${pg.kind}; ${PAGES} pages on ${HOSTS} sites`,
    '',
    '| run | seconds | pages/s | contacts | cycles | statements/cycle | peak RSS MB | RSS growth MB |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  try {
    for (const run of RUNS) {
      const database = await migratedDatabase(pg, 'curation_bench_wf7');
      const { url } = database;
      const fetcher = new SafeFetcher({
        userAgent: 'CurationPipelineBot/1.0 (+https://example.test/bot)',
        allowLoopback: true,
        connectTo: parseConnectTo(sites.connectTo),
        perHostDelayMs: run.perHostDelayMs,
        perHostConcurrency: run.perHostConcurrency,
      });
      const ds = await openDataSource({ url, poolMax: 4, applicationName: 'curation-bench-contacts' });
      try {
        const domains: { id: string; domain: string }[] = await ds.query(
          `INSERT INTO domains (domain, tenant_id) SELECT h, $1 FROM unnest($2::text[]) AS h RETURNING id, domain`,
          [DEFAULT_TENANT_ID, Array.from({ length: HOSTS }, (_, i) => contactHost(i))],
        );
        // Page k of the run lives on site k % HOSTS, so consecutive claims hit different sites.
        const pages: { id: string }[] = await ds.query(
          `INSERT INTO pages (tenant_id, domain_id, url)
           SELECT $1, (d.ids)[1 + k % $3::int], 'http://' || (d.hosts)[1 + k % $3::int] || '/page-' || k
             FROM generate_series(0, $4::int - 1) AS k,
                  (SELECT array_agg(id ORDER BY domain) AS ids, array_agg(domain ORDER BY domain) AS hosts FROM unnest($2::uuid[], $5::text[]) AS x(id, domain)) AS d
           RETURNING id`,
          [DEFAULT_TENANT_ID, domains.map((d) => d.id), HOSTS, PAGES, domains.map((d) => d.domain)],
        );
        await applyCurationStatus(
          ds,
          WF7_PAGE_CURATION,
          pages.map((p) => p.id),
          PageCurationStatus.Selected,
        );
        const loop = new SchedulerLoop<ObjectLiteral>(
          ds,
          WF7_PAGE_CURATION as WorkflowDefinition<ObjectLiteral>,
          new Wf7PageCurationHandler(fetcher),
          {
            owner: 'bench',
            tuning: { ...WF7_PAGE_CURATION.defaults, ...run.tuning },
          },
        );
        global.gc?.();
        const baseline = process.memoryUsage().rss;
        let peak = baseline;
        const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
        const started = process.hrtime.bigint();
        let cycles = 0;
        let statements = 0;
        for (;;) {
          const { result, unit } = await queryRecorder.run('bench', () => loop.tick());
          if (!result || result.claimed === 0) break;
          cycles += 1;
          statements += unit.queries.length;
        }
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        clearInterval(sampler);
        await loop.stop(5000);
        const [{ complete, contacts }] = await ds.query(
          `SELECT (SELECT count(*)::int FROM pages WHERE page_processing_status = 'Complete') AS complete, (SELECT count(*)::int FROM contacts) AS contacts`,
        );
        if (complete !== PAGES) throw new Error(`${run.name}: ${complete} of ${PAGES} pages complete`);
        lines.push(
          `| ${run.name} | ${seconds.toFixed(1)} | ${Math.round(PAGES / seconds)} | ${contacts} | ${cycles} | ${(statements / cycles).toFixed(1)} | ${Math.round(peak / 2 ** 20)} | ${Math.round((peak - baseline) / 2 ** 20)} |`,
        );
        process.stderr.write(`${lines[lines.length - 1]}\n`);
      } finally {
        await ds.destroy();
        await fetcher.close();
        await database.drop();
      }
    }
  } finally {
    sites.close();
    await pg.stop();
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

runBench(main);
