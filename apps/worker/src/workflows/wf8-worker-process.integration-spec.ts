// Issue 15's acceptance, end to end: the real API process and real worker processes against one PostgreSQL and
// the four loopback CRM fakes over real HTTP. Contacts are validated and selected through the API; the worker's
// WF8 loops (DeBounce, then Brevo, HubSpot and n8n through the DEBOUNCE_AUTO_QUEUE_CRMS edges) do the rest.
import { ChildProcess } from 'node:child_process';

import { sign } from 'jsonwebtoken';

import { CrmFakes, RecordedCall, startCrmFakes } from '@curation/integrations/testing';
import { DEFAULT_TENANT_ID, WF8_BREVO, WF8_HUBSPOT, WF8_N8N } from '@curation/sdk';
import {
  createTestDatabase,
  freeTcpPort,
  pollUntil,
  queueTableOf,
  startTsProcess,
  stopProcess,
  TestDatabase,
  waitForOutput,
} from '@curation/sdk/testing';

const SECRET = 'wf8-acceptance-secret-that-is-at-least-32-characters';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One contact's WF8 columns, as the assertions read them. */
interface ContactState {
  email: string;
  debounce: string | null;
  debounce_status: string | null;
  result: string | null;
  brevo: string | null;
  brevo_sync: string | null;
  brevo_attempts: number;
  brevo_error: string | null;
  hubspot: string | null;
  hubspot_sync: string | null;
  hubspot_attempts: number;
  hubspot_error: string | null;
  n8n: string | null;
  n8n_sync: string | null;
  n8n_attempts: number;
  n8n_error: string | null;
  debounce_attempts: number;
}

const field = (value: unknown, key: string): unknown =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)[key]
    : undefined;

/** Every address a CRM fake was sent, request by request (HubSpot: each input of each batch). */
const sentTo = (requests: readonly RecordedCall[]): string[] =>
  requests.flatMap((r) => {
    const inputs = field(r.body, 'inputs');
    if (Array.isArray(inputs)) return inputs.map((i) => String(field(i, 'id')));
    const email = field(r.body, 'email');
    return typeof email === 'string' ? [email] : [];
  });

describe('WF8 through the real API and worker processes against the CRM fakes (real PostgreSQL)', () => {
  let db: TestDatabase;
  let fakes: CrmFakes;
  let api: ChildProcess;
  let apiUrl: string;
  const workers: ChildProcess[] = [];
  const token = () =>
    sign({ sub: '00000000-0000-4000-8000-000000000001', role: 'authenticated' }, SECRET, {
      algorithm: 'HS256',
      audience: 'authenticated',
      expiresIn: '5m',
    });

  const call = async (method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> => {
    const response = await fetch(`${apiUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token()}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, json: await response.json() };
  };

  /** A worker with only the WF8 loops on, short intervals, the fakes' settings and `env` on top; its output kept. */
  const startWorker = async (env: Record<string, string> = {}): Promise<{ child: ChildProcess; log: () => string }> => {
    const child = startTsProcess('apps/worker/src/main.ts', [], {
      DATABASE_URL: db.url,
      ...fakes.env(),
      WF3_DOMAIN_EXTRACTION_ENABLED: 'false',
      WF4_SITEMAP_DISCOVERY_ENABLED: 'false',
      WF5_SITEMAP_IMPORT_ENABLED: 'false',
      WF7_PAGE_CURATION_ENABLED: 'false',
      DEBOUNCE_AUTO_QUEUE_CRMS: 'brevo,hubspot,n8n',
      BREVO_REQUESTS_PER_SECOND: '0',
      HUBSPOT_REQUESTS_PER_SECOND: '0',
      WF8_DEBOUNCE_INTERVAL_MS: '200',
      WF8_BREVO_INTERVAL_MS: '200',
      WF8_HUBSPOT_INTERVAL_MS: '200',
      WF8_N8N_INTERVAL_MS: '200',
      SWEEP_INTERVAL_MS: '1000',
      ...env,
    });
    let output = '';
    const collect = (chunk: Buffer) => (output += chunk.toString().replace(/\x1b\[[0-9;]*m/g, ''));
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    workers.push(child);
    await waitForOutput(child, /worker started/);
    return { child, log: () => output };
  };

  /** A domain, a page and one contact per address; `validated` contacts carry DeBounce's verdict already. */
  const seed = async (
    host: string,
    contacts: { email: string; validated?: string }[],
  ): Promise<Map<string, string>> => {
    const [domain] = await db.dataSource.query(`INSERT INTO domains (domain, tenant_id) VALUES ($1, $2) RETURNING id`, [
      host,
      DEFAULT_TENANT_ID,
    ]);
    const [page] = await db.dataSource.query(
      `INSERT INTO pages (tenant_id, domain_id, url) VALUES ($1, $2, $3) RETURNING id`,
      [DEFAULT_TENANT_ID, domain.id, `https://${host}/contact`],
    );
    const rows: { id: string; email: string }[] = await db.dataSource.query(
      `INSERT INTO contacts (domain_id, page_id, email, debounce_result, debounce_validation_status, debounce_processing_status, debounce_validated_at)
       SELECT $1, $2, r.email, r.validated,
              CASE WHEN r.validated IS NULL THEN NULL ELSE 'Complete'::crm_sync_status END,
              CASE WHEN r.validated IS NULL THEN NULL ELSE 'Complete'::crm_processing_status END,
              CASE WHEN r.validated IS NULL THEN NULL ELSE now() END
         FROM jsonb_to_recordset($3::jsonb) AS r(email text, validated text)
       RETURNING id, email`,
      [domain.id, page.id, JSON.stringify(contacts.map((c) => ({ email: c.email, validated: c.validated ?? null })))],
    );
    return new Map(rows.map((r) => [r.email, r.id]));
  };

  const states = async (ids: Iterable<string>): Promise<Map<string, ContactState>> => {
    const rows: ContactState[] = await db.dataSource.query(
      `SELECT email, debounce_processing_status::text AS debounce, debounce_validation_status::text AS debounce_status,
              debounce_result AS result, debounce_processing_status_attempts AS debounce_attempts,
              brevo_processing_status::text AS brevo, brevo_sync_status::text AS brevo_sync,
              brevo_processing_status_attempts AS brevo_attempts, brevo_processing_error AS brevo_error,
              hubspot_processing_status::text AS hubspot, hubspot_sync_status::text AS hubspot_sync,
              hubspot_processing_status_attempts AS hubspot_attempts, hubspot_processing_error AS hubspot_error,
              n8n_processing_status::text AS n8n, n8n_sync_status::text AS n8n_sync,
              n8n_processing_status_attempts AS n8n_attempts, n8n_processing_error AS n8n_error
         FROM contacts WHERE id = ANY($1::uuid[]) ORDER BY email`,
      [[...ids]],
    );
    return new Map(rows.map((r) => [r.email, r]));
  };

  const TERMINAL = new Set(['Complete', 'Error']);
  type Stage = 'debounce' | 'brevo' | 'hubspot' | 'n8n';
  /** Every contact (or the `only` ones) has ended this stage; a contact never queued for it has not. */
  const settled =
    (column: Stage, only?: readonly string[]) =>
    (rows: Map<string, ContactState>): boolean =>
      [...rows.values()].filter((r) => !only || only.includes(r.email)).every((r) => TERMINAL.has(r[column] ?? ''));

  beforeAll(async () => {
    db = await createTestDatabase();
    fakes = await startCrmFakes();
    const port = await freeTcpPort();
    apiUrl = `http://127.0.0.1:${port}`;
    api = startTsProcess('apps/api/src/main.ts', [], {
      DATABASE_URL: db.url,
      PORT: String(port),
      JWT_SECRET: SECRET,
      RATE_LIMIT_PER_MINUTE: '0',
    });
    await waitForOutput(api, /API listening on/);
  });

  afterAll(async () => {
    await stopProcess(api, 'SIGKILL');
    await fakes.close();
    await db.drop();
  });

  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => stopProcess(w, 'SIGKILL')));
    fakes.reset();
    fakes.setLatency(0);
    // One database for the file (one API process); each test starts from no contacts and no pause.
    await db.dataSource.query(`DELETE FROM contacts`);
    await db.dataSource.query(`DELETE FROM workflow_pauses`);
  });

  it('validates through the API, auto-queues the valid ones and delivers each once to Brevo, HubSpot and n8n; invalid, disposable and catch-all are never sent', async () => {
    const valid = ['ana@e2e.example.test', 'ben@e2e.example.test', 'carla@e2e.example.test'];
    const refused = [
      'invalid-dan@e2e.example.test',
      'disposable-eve@e2e.example.test',
      'catchall-fay@e2e.example.test',
    ];
    const ids = await seed(
      'e2e.example.test',
      [...valid, ...refused].map((email) => ({ email })),
    );
    await startWorker();

    const queued = await call('POST', '/api/v3/contacts/validate', { contact_ids: [...ids.values()] });
    expect(queued).toMatchObject({ status: 200, json: { success: true, queued_count: 6, already_validated: 0 } });

    const final = await pollUntil(
      () => states(ids.values()),
      (rows) =>
        settled('debounce')(rows) &&
        settled('brevo', valid)(rows) &&
        settled('hubspot', valid)(rows) &&
        settled('n8n', valid)(rows),
      30_000,
    );
    expect([...final.values()].map((r) => [r.email, r.result, r.debounce, r.debounce_status])).toEqual([
      ['ana@e2e.example.test', 'valid', 'Complete', 'Complete'],
      ['ben@e2e.example.test', 'valid', 'Complete', 'Complete'],
      ['carla@e2e.example.test', 'valid', 'Complete', 'Complete'],
      ['catchall-fay@e2e.example.test', 'catch-all', 'Complete', 'Complete'],
      ['disposable-eve@e2e.example.test', 'disposable', 'Complete', 'Complete'],
      ['invalid-dan@e2e.example.test', 'invalid', 'Complete', 'Complete'],
    ]);
    for (const email of valid)
      expect(final.get(email)).toMatchObject({
        brevo: 'Complete',
        brevo_sync: 'Complete',
        hubspot: 'Complete',
        hubspot_sync: 'Complete',
        n8n: 'Complete',
        n8n_sync: 'Complete',
      });
    // Never queued for any CRM: nothing to deliver, so nothing left waiting either.
    for (const email of refused)
      expect(final.get(email)).toMatchObject({
        brevo: null,
        brevo_sync: 'New',
        hubspot: null,
        hubspot_sync: 'New',
        n8n: null,
        n8n_sync: 'New',
      });

    // One paid validation per address, one record per valid address in each CRM, none for the others.
    expect(Object.fromEntries(fakes.debounce.validations)).toEqual(
      Object.fromEntries([...valid, ...refused].map((e) => [e, 1])),
    );
    expect([...fakes.brevo.contacts.keys()].sort()).toEqual(valid);
    expect([...fakes.hubspot.contacts.keys()].sort()).toEqual(valid);
    expect([...fakes.n8n.contacts.keys()].sort()).toEqual(valid);
    expect(fakes.n8n.executions).toHaveLength(valid.length);
    for (const requests of [fakes.brevo.requests, fakes.hubspot.requests, fakes.n8n.requests])
      expect(sentTo(requests).filter((email) => refused.includes(email))).toEqual([]);

    const summary = await call('GET', `/api/v3/contacts/validation-summary`);
    expect(summary).toMatchObject({
      status: 200,
      json: {
        summary: {
          total_contacts: 6,
          validated: { total: 6, valid: 3, invalid: 1, disposable: 1, catch_all: 1, unknown: 0 },
          pending_validation: 0,
        },
      },
    });
  });

  it('a worker SIGKILLed with every delivery in flight: the next one ends each selected contact once, no duplicate in Brevo or HubSpot, n8n sent identical payloads', async () => {
    const valid = Array.from({ length: 6 }, (_, i) => `member${i}@kill.example.test`);
    const ids = await seed('kill.example.test', [
      ...valid.map((email) => ({ email, validated: 'valid' })),
      { email: 'invalid-gus@kill.example.test', validated: 'invalid' },
    ]);
    // Each write takes effect at the service, but the answer never comes: the first worker dies not knowing.
    const crmFakes = [fakes.brevo, fakes.hubspot, fakes.n8n];
    for (const fake of crmFakes) fake.script({ type: 'hang', afterApply: true }, 100);
    const leases = { WF8_BREVO_LEASE_MS: '2000', WF8_HUBSPOT_LEASE_MS: '2000', WF8_N8N_LEASE_MS: '2000' };
    const first = await startWorker(leases);

    const selected = await call('PUT', '/api/v3/contacts/crm/select', {
      contact_ids: [...ids.values()],
      crms: ['brevo', 'hubspot', 'n8n'],
    });
    expect(selected).toMatchObject({ status: 200, json: { updated_count: 7, queued_count: 21 } });

    const everyAddressSent = () => crmFakes.every((fake) => valid.every((e) => sentTo(fake.requests).includes(e)));
    await pollUntil(async () => everyAddressSent(), Boolean, 20_000);
    // Every delivery is in flight: leased in its workflow's queue table (the contacts still read Queued).
    const inFlight = await states(ids.values());
    for (const email of valid)
      expect([inFlight.get(email)?.brevo, inFlight.get(email)?.hubspot, inFlight.get(email)?.n8n]).toEqual([
        'Queued',
        'Queued',
        'Queued',
      ]);
    for (const def of [WF8_BREVO, WF8_HUBSPOT, WF8_N8N]) {
      const [{ held }] = await db.dataSource.query(
        `SELECT count(*)::int AS held FROM ${queueTableOf(def)} q JOIN contacts c ON c.id = q.row_id
          WHERE q.locked_by IS NOT NULL AND c.email = ANY($1)`,
        [valid],
      );
      expect({ workflow: def.id, held }).toEqual({ workflow: def.id, held: valid.length });
    }
    await stopProcess(first.child, 'SIGKILL');
    for (const fake of crmFakes) fake.clearScripts();
    expect(fakes.brevo.contacts.size).toBe(valid.length);
    expect(fakes.hubspot.contacts.size).toBe(valid.length);
    expect(fakes.n8n.executions).toHaveLength(valid.length);
    const sentBeforeKill = crmFakes.map((fake) => fake.requests.length);

    await startWorker(leases);
    const final = await pollUntil(
      () => states(ids.values()),
      (rows) => settled('brevo')(rows) && settled('hubspot')(rows) && settled('n8n')(rows),
      20_000,
    );
    // Claimed by the dead worker, recovered from its expired lease, delivered once more and acknowledged once.
    for (const email of valid)
      expect(final.get(email)).toMatchObject({
        brevo: 'Complete',
        brevo_attempts: 2,
        hubspot: 'Complete',
        hubspot_attempts: 2,
        n8n: 'Complete',
        n8n_attempts: 2,
      });
    // Its batch-mates held the dead worker's batch open, so it too was claimed twice and failed once.
    expect(final.get('invalid-gus@kill.example.test')).toMatchObject({
      brevo: 'Error',
      brevo_attempts: 2,
      brevo_error: expect.stringMatching(/suppressed.*invalid/),
      hubspot: 'Error',
      n8n: 'Error',
    });
    const [{ stuck }] = await db.dataSource.query(
      `SELECT count(*)::int AS stuck FROM contacts
        WHERE 'Processing' IN (brevo_processing_status::text, hubspot_processing_status::text, n8n_processing_status::text)`,
    );
    expect(stuck).toBe(0);

    // Redelivered (each address written twice), never created twice.
    expect([...fakes.brevo.contacts.keys()].sort()).toEqual(valid);
    expect([...fakes.brevo.contacts.values()].map((c) => c.updates)).toEqual(valid.map(() => 1));
    expect([...fakes.hubspot.contacts.keys()].sort()).toEqual(valid);
    expect([...fakes.hubspot.contacts.values()].map((c) => c.updates)).toEqual(valid.map(() => 1));
    expect(new Set([...fakes.hubspot.contacts.values()].map((c) => c.id)).size).toBe(valid.length);
    // n8n: each key arrived twice with the same bytes and started one execution.
    expect(fakes.n8n.conflicts).toEqual([]);
    expect([...fakes.n8n.deliveries.values()].map((d) => d.received)).toEqual(valid.map(() => 2));
    expect(fakes.n8n.executions).toHaveLength(valid.length);
    // The second worker sent each address once more, and the suppressed one never.
    expect(crmFakes.map((fake, i) => sentTo(fake.requests.slice(sentBeforeKill[i])).sort())).toEqual(
      crmFakes.map(() => valid),
    );
    for (const fake of crmFakes) expect(sentTo(fake.requests)).not.toContain('invalid-gus@kill.example.test');
  });

  it('DeBounce credits running out mid-batch pause validation (shown in /workflows/status), fail no contact, and the queue drains once refilled', async () => {
    const emails = Array.from({ length: 8 }, (_, i) => `buyer${i}@credits.example.test`);
    const ids = await seed(
      'credits.example.test',
      emails.map((email) => ({ email })),
    );
    fakes.debounce.credits = 3;
    const worker = await startWorker({ DEBOUNCE_AUTO_QUEUE_CRMS: '', DEBOUNCE_PAUSE_MS: '1500' });
    expect(await call('POST', '/api/v3/contacts/validate', { contact_ids: [...ids.values()] })).toMatchObject({
      status: 200,
      json: { queued_count: 8 },
    });

    type Status = { workflows: { workflow: string; paused: { reason: string; until: string } | null }[] };
    const debounceStatus = async () =>
      ((await call('GET', '/api/v3/workflows/status')).json as Status).workflows.find(
        (w) => w.workflow === 'wf8-debounce',
      );
    const paused = await pollUntil(debounceStatus, (w) => Boolean(w?.paused), 15_000);
    expect(paused?.paused?.reason).toMatch(/DeBounce credits exhausted \(HTTP 402\)/);
    // The worker says why, too (its line may trail the row it wrote by a moment).
    const logged = await pollUntil(
      async () => worker.log(),
      (log) => /paused until .*DeBounce credits/.test(log),
      5_000,
    );
    expect(logged).toMatch(/paused until \S+: DeBounce credits exhausted \(HTTP 402\)/);

    const during = await states(ids.values());
    expect([...during.values()].filter((r) => r.debounce === 'Complete')).toHaveLength(3);
    expect([...during.values()].filter((r) => r.debounce === 'Error')).toEqual([]);
    expect(fakes.debounce.requests.some((r) => r.status === 402)).toBe(true);

    fakes.debounce.credits = Number.POSITIVE_INFINITY;
    const final = await pollUntil(() => states(ids.values()), settled('debounce'), 20_000);
    // Every contact validated once, none failed, and the pause used no attempt.
    expect([...final.values()].map((r) => [r.debounce, r.result, r.debounce_attempts])).toEqual(
      emails.map(() => ['Complete', 'valid', 1]),
    );
    expect([...fakes.debounce.validations.values()]).toEqual(emails.map(() => 1));
    const resumed = await pollUntil(debounceStatus, (w) => w?.paused === null, 5_000);
    expect(resumed?.paused).toBeNull();
  });

  it('a 429 with Retry-After: 2 is retried after 2 s without using an attempt; a CRM answering 5xx to everything is retried with backoff and ends Error after max attempts', async () => {
    const emails = ['olga@limits.example.test', 'pia@limits.example.test', 'quinn@limits.example.test'];
    const ids = await seed(
      'limits.example.test',
      emails.map((email) => ({ email, validated: 'valid' })),
    );
    fakes.brevo.script({ type: 'rate_limited', retryAfter: 2 }, 1);
    fakes.hubspot.script({ type: 'server', status: 503 }, 100);
    await startWorker({ WF8_HUBSPOT_MAX_ATTEMPTS: '3' });
    expect(
      await call('PUT', '/api/v3/contacts/crm/select', { contact_ids: [...ids.values()], crms: ['brevo', 'hubspot'] }),
    ).toMatchObject({ status: 200, json: { queued_count: 6 } });

    const final = await pollUntil(
      () => states(ids.values()),
      (rows) => settled('brevo')(rows) && settled('hubspot')(rows),
      25_000,
    );

    // Brevo: the limited address came back after Retry-After, and the 429 cost it no attempt.
    const [limited] = fakes.brevo.requests.filter((r) => r.status === 429);
    const address = String(field(limited.body, 'email'));
    const tries = fakes.brevo.requests.filter((r) => field(r.body, 'email') === address);
    expect(tries.map((r) => r.status)).toEqual([429, 201]);
    expect(tries[1].receivedAt - tries[0].receivedAt).toBeGreaterThanOrEqual(2_000);
    for (const email of emails)
      expect(final.get(email)).toMatchObject({
        brevo: 'Complete',
        brevo_sync: 'Complete',
        brevo_attempts: 1,
        brevo_error: null,
      });
    expect([...fakes.brevo.contacts.keys()].sort()).toEqual(emails);

    // HubSpot: every attempt of every address was sent and refused (the first as one batch; the retries' jittered
    // backoffs then spread the addresses apart), each address's attempts spaced by the growing backoff.
    expect(fakes.hubspot.requests.every((r) => r.status === 503)).toBe(true);
    for (const email of emails) {
      const arrivals = fakes.hubspot.requests.filter((r) => sentTo([r]).includes(email)).map((r) => r.receivedAt);
      expect(arrivals).toHaveLength(3);
      expect(arrivals[1] - arrivals[0]).toBeGreaterThanOrEqual(1_000);
      expect(arrivals[2] - arrivals[1]).toBeGreaterThanOrEqual(2_000);
    }
    for (const email of emails)
      expect(final.get(email)).toMatchObject({
        hubspot: 'Error',
        hubspot_sync: 'Error',
        hubspot_attempts: 3,
        hubspot_error: expect.stringMatching(
          /^gave up after 3 attempts: HubSpot batch upsert of \d+ contacts?: HTTP 503 /,
        ),
      });
    expect(JSON.stringify([...final.values()])).not.toContain(fakes.env().HUBSPOT_API_KEY);
    expect(fakes.hubspot.contacts.size).toBe(0);
    const sent = fakes.hubspot.requests.length;
    await sleep(500); // nothing is retried after the last attempt
    expect(fakes.hubspot.requests).toHaveLength(sent);
  });
});
