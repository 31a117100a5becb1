import { DebounceClient } from '@curation/integrations';
import { FakeDebounceServer, startFakeDebounceServer } from '@curation/integrations/testing';

import { createTestDatabase, recordQueries, TestDatabase } from '../../../testing';
import { applyCurationStatus } from '../../curation/apply-curation-status';
import { readWorkflowStatus } from '../../curation/workflow-status';
import { DEFAULT_TENANT_ID } from '../../entities/tenant.entity';
import { CrmSyncStatus } from '../../enums/crm-sync-status.enum';
import { findNPlusOne } from '../../observability/n-plus-one';
import { BackoffSettings } from '../../scheduler/backoff';
import { SchedulerLoop, TickResult } from '../../scheduler/scheduler-loop';
import { WorkflowTuning } from '../workflow-definition';
import { WF8_DEBOUNCE } from '../workflow-definitions';
import { Wf8DebounceHandler } from './wf8-debounce.handler';
import { DEFAULT_WF8_DEBOUNCE_OPTIONS, Wf8DebounceOptions } from './wf8-debounce.options';

// Shaped like a real key so a leak into a stored reason would be recognisable.
const KEY = 'db_wf8KeY+0123456789/abcdef==';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Setup {
  readonly options?: Partial<Wf8DebounceOptions>;
  readonly tuning?: Partial<WorkflowTuning>;
  readonly backoff?: BackoffSettings;
  readonly client?: DebounceClient;
}

describe('WF8 DeBounce validation against the fake DeBounce (real PostgreSQL)', () => {
  let db: TestDatabase;
  let fake: FakeDebounceServer;
  let client: DebounceClient;
  let domains = 0;
  const loops: { stop(waitMs: number): Promise<void> }[] = [];

  beforeAll(async () => {
    fake = await startFakeDebounceServer({ apiKey: KEY });
    client = new DebounceClient({ apiKey: KEY, baseUrl: fake.baseUrl, timeoutMs: 2_000 });
  });

  afterAll(() => fake.close());

  beforeEach(async () => {
    fake.reset();
    db = await createTestDatabase();
  });

  afterEach(async () => {
    await Promise.all(loops.splice(0).map((loop) => loop.stop(5_000)));
    await db.drop();
  });

  /** Contacts on a fresh domain and page, selected for validation; ids in the order of `emails`. */
  const selected = async (emails: readonly string[]): Promise<string[]> => {
    domains += 1;
    const host = `d${domains}.example.test`;
    const [domain] = await db.dataSource.query(`INSERT INTO domains (domain, tenant_id) VALUES ($1, $2) RETURNING id`, [
      host,
      DEFAULT_TENANT_ID,
    ]);
    const [page] = await db.dataSource.query(
      `INSERT INTO pages (tenant_id, domain_id, url) VALUES ($1, $2, $3) RETURNING id`,
      [DEFAULT_TENANT_ID, domain.id, `https://${host}/contact`],
    );
    const rows: { id: string; email: string }[] = await db.dataSource.query(
      `INSERT INTO contacts (domain_id, page_id, email) SELECT $1, $2, e FROM unnest($3::text[]) AS e RETURNING id, email`,
      [domain.id, page.id, emails],
    );
    const ids = emails.map((email) => rows.find((r) => r.email === email)?.id ?? '');
    await applyCurationStatus(db.dataSource, WF8_DEBOUNCE, ids, CrmSyncStatus.Selected);
    return ids;
  };

  const build = (setup: Setup = {}) => {
    const handler = new Wf8DebounceHandler(setup.client ?? client, {
      ...DEFAULT_WF8_DEBOUNCE_OPTIONS,
      ...setup.options,
    });
    const loop = new SchedulerLoop(db.dataSource, WF8_DEBOUNCE, handler, {
      owner: 'wf8-debounce-test',
      tuning: { ...WF8_DEBOUNCE.defaults, batchSize: 100, ...setup.tuning },
      backoff: setup.backoff,
      random: () => 1,
    });
    loops.push(loop);
    return { handler, loop };
  };

  const row = async (id: string) => {
    const [found] = await db.dataSource.query(
      `SELECT email, debounce_result AS result, debounce_score AS score, debounce_reason AS reason,
              debounce_suggestion AS suggestion, debounce_validated_at AS validated_at,
              debounce_validation_status::text AS curation, debounce_processing_status::text AS processing,
              debounce_processing_error AS error, debounce_processing_status_attempts AS attempts,
              (extract(epoch FROM debounce_processing_status_next_attempt_at - now()) * 1000)::float8 AS wait_ms,
              brevo_sync_status::text AS brevo, brevo_processing_status::text AS brevo_processing,
              hubspot_sync_status::text AS hubspot, hubspot_processing_status::text AS hubspot_processing,
              n8n_sync_status::text AS n8n, n8n_processing_status::text AS n8n_processing
         FROM contacts WHERE id = $1`,
      [id],
    );
    return found;
  };

  const processingCounts = async (): Promise<Record<string, number>> =>
    (await readWorkflowStatus(db.dataSource, WF8_DEBOUNCE)).processing_counts;

  it('maps each DeBounce verdict into the debounce_* columns and completes both status columns', async () => {
    const emails = [
      'jane@example.com',
      'invalid@example.com',
      'disposable@disposable.test',
      'catchall@example.com',
      'unknown@example.com',
      'info@example.com',
      'jane@gmial.com',
      'not-an-address',
    ];
    const ids = await selected(emails);
    const { loop } = build();
    expect(await loop.tick()).toMatchObject({ claimed: 8, done: 8, failed: 0 });
    const rows = await Promise.all(ids.map(row));
    expect(
      rows.map(({ email, result, score, reason, suggestion }) => ({ email, result, score, reason, suggestion })),
    ).toEqual([
      { email: 'jane@example.com', result: 'valid', score: 100, reason: 'Deliverable', suggestion: null },
      { email: 'invalid@example.com', result: 'invalid', score: 0, reason: 'Bounce', suggestion: null },
      { email: 'disposable@disposable.test', result: 'disposable', score: 0, reason: 'Disposable', suggestion: null },
      { email: 'catchall@example.com', result: 'catch-all', score: 50, reason: 'Accept All', suggestion: null },
      { email: 'unknown@example.com', result: 'unknown', score: 30, reason: 'Unknown', suggestion: null },
      { email: 'info@example.com', result: 'catch-all', score: 60, reason: 'Role', suggestion: null },
      { email: 'jane@gmial.com', result: 'invalid', score: 0, reason: 'Bounce', suggestion: 'jane@gmail.com' },
      { email: 'not-an-address', result: 'invalid', score: 10, reason: 'Syntax', suggestion: null },
    ]);
    for (const r of rows) {
      expect(r).toMatchObject({ curation: 'Complete', processing: 'Complete', error: null, attempts: 1 });
      expect(Date.now() - new Date(r.validated_at).getTime()).toBeLessThan(60_000);
      // No CRM edge is on by default.
      expect(r).toMatchObject({ brevo: 'New', brevo_processing: null, hubspot: 'New', n8n: 'New' });
    }
    expect(fake.requests).toHaveLength(8);
  });

  it('reuses a result for the same address within cacheDays without a paid call, and pays again outside it', async () => {
    const [first] = await selected(['Jane.Doe@example.com']);
    const { handler, loop } = build({ options: { cacheDays: 30 } });
    await loop.tick();
    expect(fake.validations.get('jane.doe@example.com')).toBe(1);
    const original = await row(first);

    // Another domain's contact with the same address (other case): one lookup, no call, the original time kept.
    const [second] = await selected(['jane.doe@EXAMPLE.com']);
    expect(await loop.tick()).toMatchObject({ claimed: 1, done: 1 });
    expect(fake.validations.get('jane.doe@example.com')).toBe(1);
    expect(fake.requests).toHaveLength(1);
    expect(handler.stats).toEqual({ paidCalls: 1, cacheHits: 1 });
    const reused = await row(second);
    expect(reused).toMatchObject({ result: 'valid', score: 100, reason: 'Deliverable', curation: 'Complete' });
    expect(new Date(reused.validated_at).getTime()).toBe(new Date(original.validated_at).getTime());

    // Once both verdicts are older than the window, a third contact is validated again.
    await db.dataSource.query(`UPDATE contacts SET debounce_validated_at = now() - interval '31 days'`);
    const [third] = await selected(['jane.doe@example.com']);
    await loop.tick();
    expect(fake.validations.get('jane.doe@example.com')).toBe(2);
    expect(handler.stats).toEqual({ paidCalls: 2, cacheHits: 1 });
    expect(Date.now() - new Date((await row(third)).validated_at).getTime()).toBeLessThan(60_000);
  });

  it('pays once for an address two contacts of one batch share, and never reuses with cacheDays 0', async () => {
    await selected(['sam@example.com']);
    await selected(['SAM@example.com']);
    const { loop } = build({ options: { cacheDays: 0 } });
    expect(await loop.tick()).toMatchObject({ claimed: 2, done: 2 });
    expect(fake.validations.get('sam@example.com')).toBe(1);
    const [again] = await selected(['sam@Example.com']);
    await loop.tick();
    expect(fake.validations.get('sam@example.com')).toBe(2);
    expect(await row(again)).toMatchObject({ result: 'valid', curation: 'Complete' });
  });

  it('402 mid-batch pauses the workflow: no contact ends Error, the rest make no call, the queue drains after a refill', async () => {
    const ids = await selected(Array.from({ length: 10 }, (_, i) => `person${i}@example.com`));
    fake.credits = 3;
    const { loop } = build({ options: { pauseMs: 800 }, tuning: { concurrency: 1, maxAttempts: 1 } });
    const first = (await loop.tick()) as TickResult;
    expect(first).toMatchObject({ claimed: 10, done: 3, deferred: 7, failed: 0, retried: 0 });
    expect(first.pausedUntil).toBeInstanceOf(Date);
    // Three paid, one refused; the six after it were never sent.
    expect(fake.requests).toHaveLength(4);
    expect(fake.requests.filter((r) => r.status === 402)).toHaveLength(1);

    const [pause] = await db.dataSource.query(
      `SELECT reason, paused_until > now() AS active FROM workflow_pauses WHERE workflow_id = $1`,
      [WF8_DEBOUNCE.id],
    );
    expect(pause).toEqual({ reason: expect.stringContaining('DeBounce credits exhausted (HTTP 402)'), active: true });
    expect(pause.reason).not.toContain(KEY);
    expect((await readWorkflowStatus(db.dataSource, WF8_DEBOUNCE)).paused).toMatchObject({
      reason: pause.reason,
    });
    const during = await Promise.all(ids.map(row));
    expect(during.filter((r) => r.processing === 'Error')).toEqual([]);
    const waiting = during.filter((r) => r.processing === 'Queued');
    expect(waiting).toHaveLength(7);
    // maxAttempts is 1: a pause that used an attempt would fail them on the next claim.
    for (const r of waiting) expect(r).toMatchObject({ attempts: 0, curation: 'Selected', result: null });
    expect(during.map((r) => r.error).join(' ')).not.toContain(KEY);

    // Still paused: nothing is claimed, nothing is called.
    expect(await loop.tick()).toBeNull();
    expect(fake.requests).toHaveLength(4);

    fake.credits = Number.POSITIVE_INFINITY;
    await sleep(900);
    expect((await readWorkflowStatus(db.dataSource, WF8_DEBOUNCE)).paused).toBeNull();
    expect(await loop.tick()).toMatchObject({ claimed: 7, done: 7 });
    expect(await processingCounts()).toEqual({ Complete: 10 });
    expect(fake.requests).toHaveLength(11);
  });

  it('402 at the default concurrency: calls already in flight pause too, none after them is sent', async () => {
    await selected(Array.from({ length: 40 }, (_, i) => `crowd${i}@example.com`));
    fake.credits = 5;
    fake.latencyMs = 20;
    try {
      const { loop } = build({ tuning: { maxAttempts: 1 } });
      const concurrency = WF8_DEBOUNCE.defaults.concurrency;
      const result = (await loop.tick()) as TickResult;
      expect(result).toMatchObject({ claimed: 40, done: 5, deferred: 35, failed: 0, retried: 0 });
      expect(result.pausedUntil).toBeInstanceOf(Date);
      // At most the lanes that were already waiting on DeBounce when the first 402 came back.
      expect(fake.requests.length).toBeLessThanOrEqual(5 + concurrency);
      expect(await processingCounts()).toEqual({ Complete: 5, Queued: 35 });
    } finally {
      fake.latencyMs = 0;
    }
  });

  it('a refused key (401) pauses the workflow instead of failing the contacts', async () => {
    await selected(['a@example.com', 'b@example.com', 'c@example.com']);
    const wrongKey = new DebounceClient({ apiKey: 'not-the-key', baseUrl: fake.baseUrl, timeoutMs: 2_000 });
    const { loop } = build({ client: wrongKey, tuning: { concurrency: 1 } });
    const result = (await loop.tick()) as TickResult;
    expect(result).toMatchObject({ claimed: 3, done: 0, deferred: 3, failed: 0 });
    expect(result.pausedUntil).toBeInstanceOf(Date);
    expect(fake.requests).toHaveLength(1);
    const [pause] = await db.dataSource.query(`SELECT reason FROM workflow_pauses WHERE workflow_id = $1`, [
      WF8_DEBOUNCE.id,
    ]);
    expect(pause.reason).toContain('DeBounce refused the API key (HTTP 401)');
    expect(pause.reason).not.toContain('not-the-key');
    expect(await processingCounts()).toEqual({ Queued: 3 });
  });

  it('429 with Retry-After: 2 comes back after at least 2 s without using an attempt, then completes', async () => {
    const [id] = await selected(['patient@example.com']);
    fake.script({ type: 'rate_limited', retryAfter: 2 });
    const { loop } = build({ tuning: { maxAttempts: 1 } });
    expect(await loop.tick()).toMatchObject({ claimed: 1, deferred: 1, retried: 0, failed: 0 });
    const deferred = await row(id);
    expect(deferred).toMatchObject({ processing: 'Queued', attempts: 0, error: expect.stringContaining('HTTP 429') });
    expect(deferred.wait_ms).toBeGreaterThan(1_800);
    expect(await loop.tick()).toBeNull();
    await sleep(2_100);
    expect(await loop.tick()).toMatchObject({ claimed: 1, done: 1 });
    expect(await row(id)).toMatchObject({ processing: 'Complete', curation: 'Complete', result: 'valid', error: null });
    expect(fake.requests).toHaveLength(2);
    expect(fake.requests[1].receivedAt - fake.requests[0].receivedAt).toBeGreaterThanOrEqual(2_000);
  });

  it('5xx retries with backoff, then ends Error with the reason after max attempts', async () => {
    const [id] = await selected(['outage@example.com']);
    fake.script({ type: 'server', status: 503 }, 10);
    const { loop } = build({ tuning: { maxAttempts: 3 }, backoff: { baseMs: 150, maxMs: 1_000 } });
    expect(await loop.tick()).toMatchObject({ claimed: 1, retried: 1 });
    const retried = await row(id);
    expect(retried).toMatchObject({ processing: 'Queued', attempts: 1, error: expect.stringContaining('HTTP 503') });
    expect(retried.wait_ms).toBeGreaterThan(50);
    // Not before its backoff.
    expect(await loop.tick()).toBeNull();
    const results: (TickResult | null)[] = [];
    for (let round = 0; round < 10 && results.every((r) => !r?.failed); round += 1) {
      await sleep(350);
      results.push(await loop.tick());
    }
    expect(results.filter((r) => r?.failed)).toHaveLength(1);
    const failed = await row(id);
    expect(failed).toMatchObject({
      processing: 'Error',
      attempts: 3,
      result: null,
      error: expect.stringMatching(/^gave up after 3 attempts: DeBounce validate outage@example\.com: HTTP 503/),
    });
    expect(failed.error).not.toContain(KEY);
    expect(fake.requests).toHaveLength(3);
  });

  it('a valid result queues the CRMs whose edge is on; invalid, disposable, unknown and (by default) catch-all do not', async () => {
    const [valid, invalid, disposable, catchAll, unknown] = await selected([
      'valid@example.com',
      'invalid@example.com',
      'disposable@mailinator.com',
      'catchall@example.com',
      'unknown@example.com',
    ]);
    const { loop } = build({ options: { edges: { WF8_DEBOUNCE_TO_BREVO: true } } });
    expect(await loop.tick()).toMatchObject({ done: 5 });
    expect(await row(valid)).toMatchObject({
      brevo: 'Selected',
      brevo_processing: 'Queued',
      hubspot: 'New',
      hubspot_processing: null,
      n8n: 'New',
      n8n_processing: null,
    });
    for (const id of [invalid, disposable, catchAll, unknown])
      expect(await row(id)).toMatchObject({ brevo: 'New', brevo_processing: null, hubspot: 'New', n8n: 'New' });
  });

  it('queues catch-all only with queueCatchAll, and every enabled CRM at once', async () => {
    const [valid, catchAll, role, invalid] = await selected([
      'valid@example.com',
      'catchall@example.com',
      'sales@example.com',
      'invalid@example.com',
    ]);
    const edges = { WF8_DEBOUNCE_TO_BREVO: true, WF8_DEBOUNCE_TO_HUBSPOT: true, WF8_DEBOUNCE_TO_N8N: true };
    const { loop } = build({ options: { queueCatchAll: true, edges } });
    await loop.tick();
    const queuedEverywhere = {
      brevo: 'Selected',
      brevo_processing: 'Queued',
      hubspot: 'Selected',
      hubspot_processing: 'Queued',
      n8n: 'Selected',
      n8n_processing: 'Queued',
    };
    for (const id of [valid, catchAll, role]) expect(await row(id)).toMatchObject(queuedEverywhere);
    expect(await row(invalid)).toMatchObject({ brevo: 'New', hubspot: 'New', n8n: 'New', n8n_processing: null });
  });

  it('costs the same statements per cycle for 1 and 50 contacts, edges and cache included, with no N+1', async () => {
    const counts: number[] = [];
    const edges = { WF8_DEBOUNCE_TO_BREVO: true, WF8_DEBOUNCE_TO_HUBSPOT: true, WF8_DEBOUNCE_TO_N8N: true };
    for (const size of [1, 50]) {
      await db.dataSource.query(`TRUNCATE domains CASCADE`);
      const emails = Array.from({ length: size }, (_, i) =>
        i % 5 === 4 ? `invalid${size}-${i}@example.com` : `p${size}-${i}@example.com`,
      );
      // The first address was validated before on another contact: each batch has a cache hit and paid calls.
      const [known] = await selected([emails[0].toUpperCase()]);
      await db.dataSource.query(
        `UPDATE contacts SET debounce_result = 'valid', debounce_score = 100, debounce_validated_at = now(),
                debounce_processing_status = 'Complete' WHERE id = $1`,
        [known],
      );
      await selected(emails);
      const { handler, loop } = build({ options: { edges } });
      const { result, queries } = await recordQueries(() => loop.tick());
      expect(result).toMatchObject({ claimed: size, done: size });
      expect(handler.stats).toEqual({ paidCalls: size - 1, cacheHits: 1 });
      expect(findNPlusOne(queries)).toEqual([]);
      counts.push(queries.length);
    }
    expect(counts[1]).toBe(counts[0]);
  });
});
