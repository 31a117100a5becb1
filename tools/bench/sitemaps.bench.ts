// npm run bench:sitemaps: WF5 import throughput and peak memory for locally served sitemaps of 10k, 100k
// and 1M URLs (gzip, as large sitemaps are served), through the real safe fetcher, parser and chunked
// inserts. Peak RSS is sampled every 20 ms in this process, which plays the worker; the fixture sites run in
// a separate process.
// BENCH_DATABASE_URL: a server (the bench creates and drops its own database); unset: embedded PostgreSQL.
import { Logger } from '@nestjs/common';
import { ObjectLiteral } from 'typeorm';

import { parseConnectTo, SafeFetcher } from '@curation/integrations';
import { FIXTURE_HOSTS } from '@curation/integrations/testing';
import {
  applyCurationStatus,
  openDataSource,
  queryRecorder,
  SchedulerLoop,
  SitemapCurationStatus,
  WF5_SITEMAP_IMPORT,
  WorkflowDefinition,
} from '@curation/sdk';
import { Wf5SitemapImportHandler } from '@curation/sdk/worker';

import { benchServer, machineLine, migratedDatabase, runBench, startSitesProcess } from './bench-support';

const SIZES = (process.env.BENCH_SITEMAP_SIZES ?? '10000,100000,1000000').split(',').map(Number);

async function main(): Promise<void> {
  Logger.overrideLogger(['error']);
  const pg = await benchServer('sitemaps');
  const lines = [
    `bench:sitemaps on ${machineLine()}, ${pg.kind}`,
    '',
    '| URLs | seconds | URLs/s | peak RSS MB | RSS growth MB | INSERT statements |',
    '|---:|---:|---:|---:|---:|---:|',
  ];
  try {
    for (const size of SIZES) {
      const database = await migratedDatabase(pg, 'curation_bench_sm');
      const { url } = database;
      const sites = await startSitesProcess(['--huge', String(size)]);
      const fetcher = new SafeFetcher({
        userAgent: 'CurationPipelineBot/1.0 (+https://example.test/bot)',
        allowLoopback: true,
        connectTo: parseConnectTo(sites.connectTo),
        totalTimeoutMs: 600_000,
      });
      const ds = await openDataSource({ url, poolMax: 4, applicationName: 'curation-bench-sitemaps' });
      try {
        const [domain] = await ds.query(
          `INSERT INTO domains (domain, tenant_id) VALUES ($1, '550e8400-e29b-41d4-a716-446655440000') RETURNING id`,
          [FIXTURE_HOSTS.huge],
        );
        const [file] = await ds.query(
          `INSERT INTO sitemap_files (domain_id, url, sitemap_type) VALUES ($1, $2, 'standard') RETURNING id`,
          [domain.id, `http://${FIXTURE_HOSTS.huge}/sitemap.xml.gz`],
        );
        await applyCurationStatus(ds, WF5_SITEMAP_IMPORT, [file.id], SitemapCurationStatus.Selected);
        const loop = new SchedulerLoop<ObjectLiteral>(
          ds,
          WF5_SITEMAP_IMPORT as WorkflowDefinition<ObjectLiteral>,
          new Wf5SitemapImportHandler(fetcher),
          {
            owner: 'bench',
            tuning: { ...WF5_SITEMAP_IMPORT.defaults, leaseMs: 600_000 },
          },
        );
        global.gc?.();
        const baseline = process.memoryUsage().rss;
        let peak = baseline;
        const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
        const started = process.hrtime.bigint();
        const { unit } = await queryRecorder.run('bench', () => loop.tick());
        const inserts = unit.queries.filter((q) => q.fingerprint.startsWith('INSERT INTO pages')).length;
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        clearInterval(sampler);
        peak = Math.max(peak, process.memoryUsage().rss);
        await loop.stop(5000);
        const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM pages`);
        if (n !== size) throw new Error(`${size}: imported ${n}`);
        lines.push(
          `| ${size} | ${seconds.toFixed(1)} | ${Math.round(size / seconds)} | ${Math.round(peak / 2 ** 20)} | ${Math.round((peak - baseline) / 2 ** 20)} | ${inserts} |`,
        );
        process.stderr.write(`${lines[lines.length - 1]}\n`);
      } finally {
        await ds.destroy();
        await fetcher.close();
        sites.close();
        await database.drop();
      }
    }
  } finally {
    await pg.stop();
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

runBench(main);
