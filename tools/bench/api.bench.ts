// npm run bench:api: latency and throughput of the hot curation endpoints on 1,000,000 local businesses,
// driven by autocannon against the built API running as its own process (as in production). Statements
// per request are asserted by the integration tests with the query recorder (2 per list, 1 per update).
// BENCH_DATABASE_URL: a server (the bench creates and drops its own database); unset: embedded PostgreSQL.
// BENCH_CONNECTIONS: the connection counts every list scenario runs at, comma-separated (default 1,10).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';

import { Logger } from '@nestjs/common';
import autocannon from 'autocannon';
import { sign } from 'jsonwebtoken';
import { Client } from 'pg';

import { openDataSource, queryRecorder, readWorkflowStatuses, WORKFLOWS } from '@curation/sdk';

import { benchServer, machineLine, migratedDatabase, runBench } from './bench-support';

const ROWS = Number(process.env.BENCH_API_ROWS ?? 1_000_000);
const DURATION_S = Number(process.env.BENCH_API_SECONDS ?? 10);
const root = resolve(__dirname, '..', '..');
const secret = randomBytes(32).toString('hex');
const metricsToken = randomBytes(16).toString('hex');

/**
 * On a 2-core machine that also runs PostgreSQL and autocannon, 10 connections saturate the CPU, so their
 * latency is mostly time spent queueing; 1 connection gives a request's own latency, 10 the throughput.
 */
function listConnections(raw: string | undefined): number[] {
  const text = raw ?? '1,10';
  const counts = text.split(',').map((part) => Number(part.trim()));
  if (counts.length === 0 || counts.some((n) => !Number.isInteger(n) || n < 1))
    throw new Error(`BENCH_CONNECTIONS must be positive integers separated by commas, got "${text}"`);
  return [...new Set(counts)];
}

/**
 * Database time of one operations-snapshot refresh (what a /metrics scrape costs when its snapshot is due):
 * the statements it issues, each timed by the server (planning + execution, EXPLAIN ANALYZE), median of 21.
 */
async function metricsDbTime(url: string): Promise<{ statements: number; medianMs: number; maxMs: number }> {
  const dataSource = await openDataSource({ url, poolMax: 1 });
  try {
    const { unit } = await queryRecorder.run('bench', () => readWorkflowStatuses(dataSource, WORKFLOWS));
    const rounds: number[] = [];
    for (let i = 0; i < 21; i += 1) {
      let ms = 0;
      for (const { sql } of unit.queries) {
        const [{ 'QUERY PLAN': plan }] = await dataSource.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`);
        ms += plan[0]['Planning Time'] + plan[0]['Execution Time'];
      }
      rounds.push(ms);
    }
    rounds.sort((a, b) => a - b);
    return { statements: unit.queries.length, medianMs: rounds[10], maxMs: rounds[20] };
  } finally {
    await dataSource.destroy();
  }
}

async function seed(url: string): Promise<string[]> {
  const c = new Client({ connectionString: url });
  await c.connect();
  await c.query(
    `INSERT INTO local_businesses (tenant_id, business_name, full_address, website_url, status, updated_at, created_at)
     SELECT '550e8400-e29b-41d4-a716-446655440000',
            (ARRAY['Keller','Nguyen','Garcia','Smith','Okafor','Rossi','Schmidt','Tanaka'])[1 + n % 8] || ' ' ||
            (ARRAY['Plumbing','Dental','Bakery','Roofing','Law Group','Auto Repair','Salon'])[1 + n % 7] || ' ' || n,
            n || ' Main Street, Springfield, IL 62701', 'https://shop-' || n || '.example.com',
            (ARRAY['New','New','New','Selected','Maybe','Not a Fit','Archived'])[1 + n % 7]::place_status_enum,
            now() - n * interval '1 second', now() - n * interval '1 second'
       FROM generate_series(1, $1::int) AS n`,
    [ROWS],
  );
  await c.query(`VACUUM ANALYZE local_businesses`);
  const ids = (await c.query(`SELECT id FROM local_businesses WHERE status = 'Maybe' LIMIT 10000`)).rows.map(
    (r) => r.id as string,
  );
  await c.end();
  return ids;
}

interface Scenario {
  name: string;
  method: 'GET' | 'PUT';
  path: string;
  body?: string;
  /** Request bodies sent in turn instead of `body`. */
  bodies?: readonly string[];
  /** One table row per connection count. */
  connections: readonly number[];
  /** Bearer token other than the user JWT (the metrics token). */
  token?: string;
}

/** The `next_cursor` a list answers for `path`: the keyset scenarios then measure the page after it. */
async function nextCursor(base: string, path: string, token: string): Promise<string> {
  const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`${path} answered ${res.status}`);
  const body = (await res.json()) as { next_cursor?: unknown };
  if (typeof body.next_cursor !== 'string') throw new Error(`${path} answered no next_cursor`);
  return body.next_cursor;
}

async function main(): Promise<void> {
  Logger.overrideLogger(['error']);
  const connections = listConnections(process.env.BENCH_CONNECTIONS);
  const pg = await benchServer('api');
  const database = await migratedDatabase(pg, 'curation_bench_api');
  const { url } = database;
  const port = 3900 + Math.floor(Math.random() * 90);
  let api: ReturnType<typeof spawn> | undefined;
  const lines: string[] = [];
  try {
    const started = Date.now();
    const ids = await seed(url);
    process.stderr.write(`seeded ${ROWS} businesses in ${Math.round((Date.now() - started) / 1000)} s\n`);
    if (
      spawnSync(resolve(root, 'node_modules/.bin/nx'), ['run', 'api:build', '--outputStyle=static'], {
        cwd: root,
        stdio: 'ignore',
        env: { ...process.env, NX_DAEMON: 'false' },
      }).status !== 0
    )
      throw new Error('build failed');
    api = spawn(process.execPath, [resolve(root, 'dist/apps/api/main.js')], {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: url,
        PORT: String(port),
        HOST: '127.0.0.1',
        JWT_SECRET: secret,
        RATE_LIMIT_PER_MINUTE: '0',
        LOG_LEVEL: 'warn',
        METRICS_TOKEN: metricsToken,
        // Every scrape refreshes the snapshot, so the /metrics row measures the refresh, not a cached reply.
        OPERATIONS_SNAPSHOT_MS: '0',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 100; i += 1) {
      if (
        await fetch(`${base}/health/live`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const token = sign({ sub: '00000000-0000-4000-8000-0000000bench', role: 'authenticated' }, secret, {
      algorithm: 'HS256',
      audience: 'authenticated',
      expiresIn: '1h',
    });
    const deepPage = Math.max(1, Math.floor((ROWS * 3) / 7 / 100) - 1);
    const list = '/api/v3/local-businesses';
    const newList = `${list}?status=New&size=100`;
    const kellerList = `${list}?status=New&business_name=keller&size=100`;
    // The second page by keyset: the cursor the first page answered (the cursor is not bound to the filters).
    const newCursor = encodeURIComponent(await nextCursor(base, newList, token));
    const kellerCursor = encodeURIComponent(await nextCursor(base, kellerList, token));
    const scenarios: Scenario[] = [
      { name: 'list status=New, first page (size 100)', method: 'GET', path: `${newList}&page=1`, connections },
      {
        name: `list status=New, deep page ${deepPage} (size 100)`,
        method: 'GET',
        path: `${newList}&page=${deepPage}`,
        connections,
      },
      {
        name: 'list status=New, keyset next page (size 100)',
        method: 'GET',
        path: `${newList}&cursor=${newCursor}`,
        connections,
      },
      {
        name: 'list status=New&business_name=keller, first page',
        method: 'GET',
        path: `${kellerList}&page=1`,
        connections,
      },
      {
        name: `list status=New&business_name=keller, page 50`,
        method: 'GET',
        path: `${kellerList}&page=50`,
        connections,
      },
      {
        name: 'list status=New&business_name=keller, keyset next page',
        method: 'GET',
        path: `${kellerList}&cursor=${kellerCursor}`,
        connections,
      },
      {
        // Alternating labels, so every request changes all of its rows (a row set to the status it has is
        // written all the same, but that is not the case people wait on).
        name: `PUT status for ${ids.length} ids, Not a Fit and Maybe in turn`,
        method: 'PUT',
        path: `${list}/status`,
        bodies: ['Not a Fit', 'Maybe'].map((status) => JSON.stringify({ local_business_ids: ids, status })),
        connections: [1],
      },
      {
        name: 'GET /metrics, snapshot refreshed on every scrape',
        method: 'GET',
        path: '/metrics',
        connections: [1],
        token: metricsToken,
      },
    ];
    lines.push(
      `bench:api on ${machineLine()}, ${pg.kind}; ${ROWS} local_businesses, ${DURATION_S} s per row; ` +
        `lists at ${connections.join(' and ')} connection(s)`,
      '',
      '| scenario | connections | requests/s | p50 ms | p97.5 ms | p99 ms | errors |',
      '|---|---:|---:|---:|---:|---:|---:|',
    );
    for (const s of scenarios)
      for (const n of s.connections) {
        const result = await autocannon({
          url: `${base}${s.path}`,
          method: s.method,
          body: s.body,
          ...(s.bodies ? { requests: s.bodies.map((body) => ({ method: s.method, body })) } : {}),
          headers: { authorization: `Bearer ${s.token ?? token}`, 'content-type': 'application/json' },
          connections: n,
          duration: DURATION_S,
        });
        lines.push(
          `| ${s.name} | ${n} | ${result.requests.average.toFixed(0)} | ${result.latency.p50} | ${result.latency.p97_5} | ${result.latency.p99} | ${result.errors + result.non2xx} |`,
        );
        process.stderr.write(`${lines[lines.length - 1]}\n`);
      }
    const metrics = await metricsDbTime(url);
    lines.push(
      '',
      `/metrics database time per refresh: ${metrics.statements} statements, median ${metrics.medianMs.toFixed(2)} ms, max ${metrics.maxMs.toFixed(2)} ms of 21 (server planning + execution)`,
    );
    process.stderr.write(`${lines[lines.length - 1]}\n`);
  } finally {
    api?.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 1000));
    await database.drop();
    await pg.stop();
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

runBench(main);
