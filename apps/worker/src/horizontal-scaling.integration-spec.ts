// Horizontal scaling without containers: the API and two worker processes against one PostgreSQL. Rows
// are selected through the HTTP API (the dual-status rule queues them and notifies), and both workers
// claim from the same queue with FOR UPDATE SKIP LOCKED.
import { ChildProcess } from 'node:child_process';

import { sign } from 'jsonwebtoken';

import { DEFAULT_TENANT_ID } from '@curation/sdk';
import {
  createTestDatabase,
  freeTcpPort,
  insertBusinesses,
  startTsProcess,
  stopProcess,
  TestDatabase,
  waitForOutput,
} from '@curation/sdk/testing';

const ROWS = 600;
const SECRET = 'scaling-test-secret-that-is-at-least-32-characters';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('two worker processes and the API against one PostgreSQL', () => {
  let db: TestDatabase;
  const children: ChildProcess[] = [];
  const logs = new Map<string, string>();

  const start = (name: string, script: string, env: Record<string, string>): ChildProcess => {
    const child = startTsProcess(script, [], { DATABASE_URL: db.url, ...env });
    logs.set(name, '');
    const collect = (chunk: Buffer) =>
      logs.set(name, `${logs.get(name)}${chunk.toString().replace(/\x1b\[[0-9;]*m/g, '')}`);
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    children.push(child);
    return child;
  };

  /** Rows each worker reports done, from its per-tick summary lines. */
  const doneBy = (name: string): number =>
    [...(logs.get(name) ?? '').matchAll(/\[wf3-domain-extraction\].*tick: claimed=\d+ done=(\d+)/g)].reduce(
      (sum, m) => sum + Number(m[1]),
      0,
    );

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    await Promise.all(children.map((c) => stopProcess(c, 'SIGKILL')));
    await db.drop();
  });

  it('shares the work between both workers, processes every row exactly once, and creates no duplicate domain', async () => {
    // 600 businesses over 200 sites: three businesses share each domain, so two workers race to create it.
    const ids = await insertBusinesses(
      db.dataSource,
      Array.from({ length: ROWS }, (_, i) => `https://www.shop-${i % 200}.example.com/branch-${i}`),
    );
    const port = await freeTcpPort();
    const api = start('api', 'apps/api/src/main.ts', {
      PORT: String(port),
      JWT_SECRET: SECRET,
      RATE_LIMIT_PER_MINUTE: '0',
    });
    const worker = {
      WF3_DOMAIN_EXTRACTION_BATCH_SIZE: '10',
      WF3_DOMAIN_EXTRACTION_INTERVAL_MS: '60000',
      WF4_SITEMAP_DISCOVERY_ENABLED: 'false',
      WF5_SITEMAP_IMPORT_ENABLED: 'false',
      WF7_PAGE_CURATION_ENABLED: 'false',
    };
    const workers = [
      start('worker-a', 'apps/worker/src/main.ts', { ...worker, WORKER_ID: 'worker-a' }),
      start('worker-b', 'apps/worker/src/main.ts', { ...worker, WORKER_ID: 'worker-b' }),
    ];
    await Promise.all([
      waitForOutput(api, /API listening on/),
      ...workers.map((w) => waitForOutput(w, /worker started/)),
    ]);
    await sleep(500); // both loops are idle and listening: only the API's notification can start the work

    const token = sign({ sub: '00000000-0000-4000-8000-000000000001', role: 'authenticated' }, SECRET, {
      algorithm: 'HS256',
      audience: 'authenticated',
      expiresIn: '5m',
    });
    const response = await fetch(`http://127.0.0.1:${port}/api/v3/local-businesses/status`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ local_business_ids: ids, status: 'Selected' }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ updated_count: ROWS, queued_count: ROWS });

    const deadline = Date.now() + 60_000;
    let states: { s: string; n: number; min_attempts: number; max_attempts: number }[] = [];
    while (Date.now() < deadline) {
      states = await db.dataSource.query(
        `SELECT domain_extraction_status::text AS s, count(*)::int AS n, min(domain_extraction_status_attempts) AS min_attempts, max(domain_extraction_status_attempts) AS max_attempts
           FROM local_businesses GROUP BY 1`,
      );
      if (states.length === 1 && states[0].s === 'Completed') break;
      await sleep(200);
    }
    // Every row was claimed exactly once (a second claim would have raised its attempts to 2).
    expect(states).toEqual([{ s: 'Completed', n: ROWS, min_attempts: 1, max_attempts: 1 }]);
    const [{ domains, distinct, linked }] = await db.dataSource.query(
      `SELECT (SELECT count(*)::int FROM domains) AS domains, (SELECT count(DISTINCT domain)::int FROM domains) AS distinct,
              (SELECT count(*)::int FROM local_businesses WHERE domain_id IS NOT NULL AND tenant_id = $1) AS linked`,
      [DEFAULT_TENANT_ID],
    );
    expect({ domains, distinct, linked }).toEqual({ domains: 200, distinct: 200, linked: ROWS });

    await Promise.all(workers.map((w) => stopProcess(w, 'SIGTERM')));
    const [a, b] = [doneBy('worker-a'), doneBy('worker-b')];
    expect(a).toBeGreaterThan(0);
    expect(b).toBeGreaterThan(0);
    expect(a + b).toBe(ROWS);
  });
});
