// npm run bench:delivery: WF8 throughput against the four loopback fakes (DeBounce, Brevo, HubSpot, n8n) with
// 50 ms added to every answer. Each run queues contacts (inserted set-based) for one workflow and drains them
// through the real SchedulerLoop and the registry's handler, with the clients built as the worker builds them:
// contacts validated per second (wf8-debounce) and delivered per second (wf8-brevo, wf8-hubspot, wf8-n8n), at
// the shipped defaults and at a tuned batch/concurrency with the clients' caps raised (the fakes have none),
// with statements per cycle from the SDK's query recorder. The fakes run in a process of their own
// (`npm run fake-crm`), so the CPU this process uses is the worker's alone.
// BENCH_DATABASE_URL: a server (the bench creates and drops its own database); unset: embedded PostgreSQL.
// BENCH_DELIVERY_CONTACTS (default 5000) sizes the tuned runs, BENCH_DELIVERY_DEFAULT_CONTACTS (default 1000)
// the default ones, BENCH_DELIVERY_LATENCY_MS (default 50) the fakes' latency.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';

import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { BrevoClient, DebounceClient, HubSpotClient, N8nClient } from '@curation/integrations';
import {
  applyCurationStatus,
  DEFAULT_TENANT_ID,
  openDataSource,
  queryRecorder,
  WF8_BREVO,
  WF8_DEBOUNCE,
  WF8_HUBSPOT,
  WF8_N8N,
  WorkflowDefinition,
  WorkflowTuning,
} from '@curation/sdk';
import { testClients } from '@curation/sdk/testing';
import { registeredWorkflow } from '@curation/sdk/worker';

import { benchServer, machineLine, migratedDatabase, runBench } from './bench-support';

const CONTACTS = Number(process.env.BENCH_DELIVERY_CONTACTS ?? 5000);
const DEFAULT_CONTACTS = Number(process.env.BENCH_DELIVERY_DEFAULT_CONTACTS ?? 1000);
const LATENCY_MS = Number(process.env.BENCH_DELIVERY_LATENCY_MS ?? 50);
/** A run that has not drained by then is a bug (or a fake refusing), not a slow result. */
const RUN_DEADLINE_MS = 120_000;

/** The tuned loop: one claim per 200 contacts, 64 calls in flight. */
const TUNED: Partial<WorkflowTuning> = { batchSize: 200, concurrency: 64 };
/** The clients' own cap at the tuned setting: no fewer slots than the loop's lanes. */
const TUNED_IN_FLIGHT = 64;

type Clients = Parameters<typeof testClients>[0];
type FakeEnv = Record<string, string>;

interface Run {
  readonly def: WorkflowDefinition;
  readonly name: string;
  readonly contacts: number;
  readonly tuning: Partial<WorkflowTuning>;
  readonly tuned: boolean;
  /** Delivery runs: the contacts carry a DeBounce `valid` verdict, so suppression lets them through. */
  readonly validated: boolean;
}

const DEFAULTS = 'defaults (batch 50, concurrency 8, shipped client limits)';
const TUNED_NAME = `batch 200, concurrency 64, clients ${TUNED_IN_FLIGHT} in flight, no request spacing`;

const RUNS: readonly Run[] = [
  { def: WF8_DEBOUNCE, name: DEFAULTS, contacts: DEFAULT_CONTACTS, tuning: {}, tuned: false, validated: false },
  { def: WF8_DEBOUNCE, name: TUNED_NAME, contacts: CONTACTS, tuning: TUNED, tuned: true, validated: false },
  // Brevo's shipped 10 requests/s makes every default run 10 contacts/s: 300 contacts show it in 30 s.
  {
    def: WF8_BREVO,
    name: DEFAULTS,
    contacts: Math.min(DEFAULT_CONTACTS, 300),
    tuning: {},
    tuned: false,
    validated: true,
  },
  { def: WF8_BREVO, name: TUNED_NAME, contacts: CONTACTS, tuning: TUNED, tuned: true, validated: true },
  { def: WF8_HUBSPOT, name: DEFAULTS, contacts: DEFAULT_CONTACTS, tuning: {}, tuned: false, validated: true },
  { def: WF8_HUBSPOT, name: TUNED_NAME, contacts: CONTACTS, tuning: TUNED, tuned: true, validated: true },
  { def: WF8_N8N, name: DEFAULTS, contacts: DEFAULT_CONTACTS, tuning: {}, tuned: false, validated: true },
  { def: WF8_N8N, name: TUNED_NAME, contacts: CONTACTS, tuning: TUNED, tuned: true, validated: true },
];

/**
 * The clients as apps/worker builds them from config (the defaults are the worker's: DeBounce 5 in flight, its
 * documented per-key limit; Brevo and HubSpot 10 requests/s; n8n unlimited), or with those caps raised.
 */
function clientsFor(env: FakeEnv, tuned: boolean): Clients {
  const inFlight = tuned ? { maxConcurrent: TUNED_IN_FLIGHT } : {};
  const unspaced = tuned ? { requestsPerSecond: 0 } : {};
  return {
    debounce: new DebounceClient({
      apiKey: env.DEBOUNCE_API_KEY,
      baseUrl: env.DEBOUNCE_API_BASE_URL,
      ...inFlight,
    }),
    brevo: new BrevoClient({
      apiKey: env.BREVO_API_KEY,
      baseUrl: env.BREVO_API_BASE_URL,
      ...inFlight,
      ...unspaced,
    }),
    hubspot: new HubSpotClient({
      apiKey: env.HUBSPOT_API_KEY,
      baseUrl: env.HUBSPOT_API_BASE_URL,
      ...inFlight,
      ...unspaced,
    }),
    n8n: new N8nClient({ webhookUrl: env.N8N_WEBHOOK_URL, secret: env.N8N_WEBHOOK_SECRET, ...inFlight }),
  };
}

/** `npm run fake-crm` on free ports in its own process; resolves with the env lines it prints. */
async function startFakesProcess(latencyMs: number): Promise<{ env: FakeEnv; close: () => void }> {
  const root = resolve(__dirname, '..', '..');
  const child = spawn(
    process.execPath,
    [
      resolve(root, 'tools/scripts/run-ts.cjs'),
      resolve(root, 'tools/scripts/fake-crm.ts'),
      '--port',
      '0',
      '--latency-ms',
      String(latencyMs),
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const env = await new Promise<FakeEnv>((resolveEnv, reject) => {
    const found: FakeEnv = {};
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      const match = /^\s+([A-Z0-9_]+)=(.*)$/.exec(line);
      if (match) found[match[1]] = match[2];
      if (line.startsWith('Ctrl-C')) resolveEnv(found);
    });
    child.once('exit', (code) => reject(new Error(`fake-crm exited with ${code}`)));
  });
  return { env, close: () => child.kill('SIGTERM') };
}

/** `count` contacts on one domain and page, in three statements, queued for `run.def` in a fourth. */
async function seed(ds: DataSource, run: Run, index: number): Promise<void> {
  await ds.query(`TRUNCATE contacts, pages, domains CASCADE`);
  const host = `delivery-${index}.example.com`;
  const [domain] = await ds.query(`INSERT INTO domains (domain, tenant_id) VALUES ($1, $2) RETURNING id`, [
    host,
    DEFAULT_TENANT_ID,
  ]);
  const [page] = await ds.query(`INSERT INTO pages (tenant_id, domain_id, url) VALUES ($1, $2, $3) RETURNING id`, [
    DEFAULT_TENANT_ID,
    domain.id,
    `https://${host}/contact`,
  ]);
  // Distinct addresses per run: no DeBounce cache hit, and each CRM fake creates every contact anew.
  const contacts: { id: string }[] = await ds.query(
    `INSERT INTO contacts (domain_id, page_id, email, name, phone_number, email_type, has_gmail, source_url,
                           debounce_result, debounce_score, debounce_reason, debounce_validated_at)
     SELECT $1, $2, 'person-' || n || '@' || $3, 'Person ' || n, '+1 555 ' || lpad(n::text, 7, '0'), 'SERVICE', false,
            'https://' || $3 || '/contact',
            CASE WHEN $5 THEN 'valid' END, CASE WHEN $5 THEN 100 END, CASE WHEN $5 THEN 'Deliverable' END,
            CASE WHEN $5 THEN now() END
       FROM generate_series(1, $4::int) AS n
     RETURNING id`,
    [domain.id, page.id, host, run.contacts, run.validated],
  );
  const curation = run.def.curation;
  if (!curation) throw new Error(`${run.def.id} has no curation column`);
  await applyCurationStatus(
    ds,
    run.def,
    contacts.map((c) => c.id),
    curation.queueingLabel,
  );
  await ds.query(`VACUUM ANALYZE contacts`);
}

interface Measured {
  seconds: number;
  cycles: number;
  statements: number;
  done: number;
  /** Retries and deferrals (429s, timeouts): 0 when nothing pushed back. */
  pushedBack: number;
  /** This process's CPU time over the run, as a share of one core: near 100 % means the worker is the limit. */
  cpuPercent: number;
}

/** Ticks the loop until nothing is queued or processing for the workflow; only ticks that claimed count. */
async function drain(ds: DataSource, run: Run, env: FakeEnv): Promise<Measured> {
  const loop = registeredWorkflow(run.def.id).createLoop(
    ds,
    testClients(clientsFor(env, run.tuned)),
    {},
    { owner: 'bench', tuning: { ...run.def.defaults, ...run.tuning } },
  );
  const column = run.def.processing.column;
  const measured: Measured = { seconds: 0, cycles: 0, statements: 0, done: 0, pushedBack: 0, cpuPercent: 0 };
  const cpuBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  const deadline = Date.now() + RUN_DEADLINE_MS;
  try {
    for (;;) {
      const { result, unit } = await queryRecorder.run('bench', () => loop.tick());
      if (result && result.claimed > 0) {
        measured.cycles += 1;
        measured.statements += unit.queries.length;
        measured.done += result.done;
        measured.pushedBack += result.retried + result.deferred + result.released;
        continue;
      }
      // Nothing claimable: either drained, or rows wait out a retry or a Retry-After.
      const [{ waiting }] = await ds.query(
        `SELECT count(*)::int AS waiting FROM contacts WHERE "${column}"::text IN ('Queued', 'Processing')`,
      );
      if (waiting === 0) break;
      if (Date.now() > deadline) throw new Error(`${run.def.id} ${run.name}: ${waiting} contacts still waiting`);
      await sleep(20);
    }
    measured.seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const cpu = process.cpuUsage(cpuBefore);
    measured.cpuPercent = ((cpu.user + cpu.system) / 1e6 / measured.seconds) * 100;
  } finally {
    await loop.whenIdle();
    await loop.stop(5000);
  }
  const [{ complete }] = await ds.query(
    `SELECT count(*)::int AS complete FROM contacts WHERE "${column}"::text = 'Complete'`,
  );
  if (complete !== run.contacts) throw new Error(`${run.def.id} ${run.name}: ${complete} of ${run.contacts} Complete`);
  return measured;
}

async function main(): Promise<void> {
  Logger.overrideLogger(['error', 'warn']);
  const pg = await benchServer('delivery');
  const fakes = await startFakesProcess(LATENCY_MS);
  const lines = [
    `bench:delivery on ${machineLine()}, ${pg.kind}; fakes in their own process, ${LATENCY_MS} ms per answer`,
    '',
    '| workflow | run | contacts | seconds | contacts/s | cycles | statements/cycle | retried or deferred | worker CPU % |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  try {
    const database = await migratedDatabase(pg, 'curation_bench_wf8');
    const ds = await openDataSource({ url: database.url, poolMax: 4, applicationName: 'curation-bench-delivery' });
    try {
      for (const [index, run] of RUNS.entries()) {
        await seed(ds, run, index);
        const m = await drain(ds, run, fakes.env);
        lines.push(
          `| ${run.def.id} | ${run.name} | ${run.contacts} | ${m.seconds.toFixed(1)} | ${Math.round(run.contacts / m.seconds)} | ${m.cycles} | ${(m.statements / m.cycles).toFixed(1)} | ${m.pushedBack} | ${Math.round(m.cpuPercent)} |`,
        );
        process.stderr.write(`${lines[lines.length - 1]}\n`);
      }
    } finally {
      await ds.destroy();
      await database.drop();
    }
  } finally {
    fakes.close();
    await pg.stop();
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

runBench(main);
