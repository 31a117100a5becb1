// What every `bench:*` command shares: where PostgreSQL comes from, the machine line recorded with each
// table in docs/benchmarks.md, the fixture sites in a process of their own, and the exit on failure.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpus, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';

import { Client } from 'pg';

import { migrateDatabase, startEmbeddedPostgres, WF3_DOMAIN_EXTRACTION, withDatabase } from '@curation/sdk';
import { queueTableOf } from '@curation/sdk/testing';

const root = resolve(__dirname, '..', '..');

export interface BenchServer {
  /** A server URL; each bench creates and drops its own databases on it. */
  readonly url: string;
  /** `PostgreSQL server` (BENCH_DATABASE_URL) or `embedded PostgreSQL`. */
  readonly kind: string;
  stop(): Promise<void>;
}

/** BENCH_DATABASE_URL, or a throwaway embedded PostgreSQL under .data/bench-<name>-<pid>. */
export async function benchServer(name: string): Promise<BenchServer> {
  const configured = process.env.BENCH_DATABASE_URL;
  if (configured) return { url: configured, kind: 'PostgreSQL server', stop: async () => undefined };
  const embedded = await startEmbeddedPostgres({ dataDir: `.data/bench-${name}-${process.pid}`, ephemeral: true });
  return { url: embedded.url, kind: 'embedded PostgreSQL', stop: () => embedded.stop() };
}

export interface BenchDatabase {
  readonly url: string;
  /** `server_version` of the server, for the record. */
  readonly version: string;
  drop(): Promise<void>;
}

/** A fresh database named `<prefix>_<random>` on the bench server, with every migration applied. */
export async function migratedDatabase(server: BenchServer, prefix: string): Promise<BenchDatabase> {
  const name = `${prefix}_${randomBytes(3).toString('hex')}`;
  const admin = new Client({ connectionString: server.url });
  await admin.connect();
  const drop = async (): Promise<void> => {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  };
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
    const url = withDatabase(server.url, name);
    await migrateDatabase(url);
    const { rows } = await admin.query<{ version: string }>(`SELECT current_setting('server_version') AS version`);
    return { url, version: rows[0].version, drop };
  } catch (error) {
    await drop();
    throw error;
  }
}

/** `2026-11-29: 2 x AMD EPYC, 24 GiB, Node v20.20.2`: the date and machine every result is recorded with. */
export function machineLine(): string {
  return `${new Date().toISOString().slice(0, 10)}: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

/**
 * The fixture sites (tools/scripts/fixture-sites.ts) in their own process, so the RSS a bench samples is
 * the worker's alone. Resolves once they listen, with their connect-to rules.
 */
export async function startSitesProcess(args: readonly string[]): Promise<{ connectTo: string; close: () => void }> {
  const child = spawn(
    process.execPath,
    [resolve(root, 'tools/scripts/run-ts.cjs'), resolve(root, 'tools/scripts/fixture-sites.ts'), ...args],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const line = await new Promise<string>((resolveLine, reject) => {
    createInterface({ input: child.stdout }).once('line', resolveLine);
    child.once('exit', (code) => reject(new Error(`fixture sites exited with ${code}`)));
  });
  const { connectTo } = JSON.parse(line) as { connectTo: string };
  return { connectTo, close: () => child.kill('SIGTERM') };
}

/** Runs a bench's main and exits 1 with the stack when it fails. */
export function runBench(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}

/** What the seeding needs: a pg `Client` and a TypeORM `DataSource` both answer it. */
interface Queryable {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

/**
 * Empties local_businesses (and domains) and inserts `count` selected businesses queued for WF3, oldest first,
 * vacuumed and analysed, the WF3 queue table too: the starting state of every loop benchmark. (A queue table
 * emptied by TRUNCATE has no statistics until autovacuum analyses it; meanwhile the planner takes
 * `locked_by IS NULL` for 0.5% of it and sorts the whole queue on each claim instead of reading its index.)
 */
export async function seedQueuedBusinesses(db: Queryable, count: number): Promise<void> {
  await db.query(`TRUNCATE local_businesses, domains CASCADE`);
  await db.query(
    `INSERT INTO local_businesses (tenant_id, business_name, website_url, status, domain_extraction_status, updated_at)
     SELECT '550e8400-e29b-41d4-a716-446655440000', 'Business ' || n, 'https://www.shop-' || n || '.example.com/contact',
            'Selected', 'Queued', now() - ($1::int - n) * interval '1 millisecond'
       FROM generate_series(1, $1::int) AS n`,
    [count],
  );
  await db.query(`VACUUM ANALYZE local_businesses`);
  // bench:loop-designs measures designs from before migration …0015 too, whose schema has no queue table.
  const queue = queueTableOf(WF3_DOMAIN_EXTRACTION);
  const answer = await db.query(`SELECT to_regclass($1) IS NOT NULL AS present`, [queue]);
  // A DataSource answers the rows, a pg Client a result holding them.
  const rows = (Array.isArray(answer) ? answer : (answer as { rows: unknown[] }).rows) as { present: boolean }[];
  if (rows[0].present) await db.query(`VACUUM ANALYZE ${queue}`);
}

/** The loop's acknowledgement parameters for a batch whose every item is done (WF3's labels), owned by `owner`. */
export function allDoneAckParams(ids: readonly string[], owner: string): unknown[] {
  const p = WF3_DOMAIN_EXTRACTION.processing;
  return [ids, ids.map(() => 'done'), ids.map(() => null), ids.map(() => 0), p.done, p.failed, p.queued, owner];
}
