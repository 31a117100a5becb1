import { BrevoClient, HubSpotClient, N8nClient } from '@curation/integrations';
import {
  FakeServiceControls,
  startFakeBrevoServer,
  startFakeHubSpotServer,
  startFakeN8nServer,
  type FakeBrevoServer,
  type FakeHubSpotServer,
  type FakeN8nServer,
} from '@curation/integrations/testing';

import { createTestDatabase, recordQueries, TestDatabase } from '../../../testing';
import { applyCurationStatus } from '../../curation/apply-curation-status';
import { ContactEntity } from '../../entities/contact.entity';
import { DEFAULT_TENANT_ID } from '../../entities/tenant.entity';
import { findNPlusOne } from '../../observability/n-plus-one';
import { WorkflowHandler } from '../../scheduler/outcome';
import { SchedulerLoop } from '../../scheduler/scheduler-loop';
import { WorkflowDefinition, WorkflowTuning } from '../workflow-definition';
import { WF8_BREVO, WF8_HUBSPOT, WF8_N8N } from '../workflow-definitions';
import { DEFAULT_WF8_DELIVERY_OPTIONS, Wf8Delivered, Wf8DeliveryOptions } from './delivery-options';
import { Wf8DeliveryCrm } from './delivery-suppression';
import { Wf8BrevoHandler } from './wf8-brevo.handler';
import { Wf8HubSpotHandler } from './wf8-hubspot.handler';
import { n8nDelivery, Wf8N8nHandler } from './wf8-n8n.handler';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const SHORT_BACKOFF = { baseMs: 20, maxMs: 50 };
const N8N_SECRET = 'n8n-webhook-s3cret';

const field = (value: unknown, key: string): unknown =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)[key]
    : undefined;

interface SeedContact {
  email: string;
  debounce_result?: string | null;
  name?: string | null;
  phone_number?: string | null;
}

interface SeededContact {
  id: string;
  email: string;
  domain_id: string;
  page_id: string;
  created_at: Date;
}

/** What differs between the three CRMs; everything else is the same test. */
interface CrmCase {
  readonly crm: Wf8DeliveryCrm;
  readonly def: WorkflowDefinition<ContactEntity>;
  readonly fake: () => FakeServiceControls & { reset(): void };
  readonly handler: (options: Wf8DeliveryOptions, timeoutMs?: number) => WorkflowHandler<ContactEntity, Wf8Delivered>;
  /** Every address the service was sent, request by request. */
  readonly sentEmails: () => string[];
  /** Records the service holds for one address (contacts; for n8n, workflow executions started). */
  readonly records: (email: string) => number;
  /** Times the service applied a delivery of the address (created plus updated; n8n: requests with its key). */
  readonly writes: (email: string) => number;
}

describe('WF8 delivery to Brevo, HubSpot and n8n against the fakes (real PostgreSQL)', () => {
  let db: TestDatabase;
  let brevo: FakeBrevoServer;
  let hubspot: FakeHubSpotServer;
  let n8n: FakeN8nServer;

  beforeAll(async () => {
    [brevo, hubspot, n8n] = await Promise.all([
      startFakeBrevoServer({ apiKey: 'brevo-key' }),
      startFakeHubSpotServer({
        apiKey: 'hubspot-token',
        knownProperties: ['scrapersky_domain_id', 'scrapersky_page_id', 'scrapersky_sync_date'],
      }),
      startFakeN8nServer({ secret: N8N_SECRET }),
    ]);
  });

  afterAll(() => Promise.all([brevo.close(), hubspot.close(), n8n.close()]));

  beforeEach(async () => {
    for (const fake of [brevo, hubspot, n8n]) fake.reset();
    db = await createTestDatabase();
  });

  afterEach(() => db.drop());

  const CASES: CrmCase[] = [
    {
      crm: 'brevo',
      def: WF8_BREVO,
      fake: () => brevo,
      handler: (options, timeoutMs = 5_000) =>
        new Wf8BrevoHandler(
          new BrevoClient({ apiKey: 'brevo-key', baseUrl: brevo.baseUrl, listId: 7, requestsPerSecond: 0, timeoutMs }),
          options,
        ),
      sentEmails: () => brevo.requests.map((r) => String(field(r.body, 'email'))),
      records: (email) => (brevo.contacts.has(email) ? 1 : 0),
      writes: (email) => {
        const stored = brevo.contacts.get(email);
        return stored ? 1 + stored.updates : 0;
      },
    },
    {
      crm: 'hubspot',
      def: WF8_HUBSPOT,
      fake: () => hubspot,
      handler: (options, timeoutMs = 5_000) =>
        new Wf8HubSpotHandler(
          new HubSpotClient({ apiKey: 'hubspot-token', baseUrl: hubspot.baseUrl, requestsPerSecond: 0, timeoutMs }),
          options,
        ),
      sentEmails: () =>
        hubspot.requests.flatMap((r) => {
          const inputs = field(r.body, 'inputs');
          return Array.isArray(inputs) ? inputs.map((i) => String(field(i, 'id'))) : [];
        }),
      records: (email) => (hubspot.contacts.has(email) ? 1 : 0),
      writes: (email) => {
        const stored = hubspot.contacts.get(email);
        return stored ? 1 + stored.updates : 0;
      },
    },
    {
      crm: 'n8n',
      def: WF8_N8N,
      fake: () => n8n,
      handler: (options, timeoutMs = 5_000) =>
        new Wf8N8nHandler(new N8nClient({ webhookUrl: n8n.webhookUrl, secret: N8N_SECRET, timeoutMs }), options),
      sentEmails: () => n8n.requests.map((r) => String(field(r.body, 'email'))),
      records: (email) => n8n.executions.filter((e) => field(e.payload, 'email') === email).length,
      writes: (email) =>
        [...n8n.deliveries.values()]
          .filter((d) => field(d.payload, 'email') === email)
          .reduce((sum, d) => sum + d.received, 0),
    },
  ];

  let domainCount = 0;
  /** Contacts on a fresh domain and page, queued for `def`. */
  const seed = async (def: WorkflowDefinition, rows: readonly SeedContact[]): Promise<SeededContact[]> => {
    domainCount += 1;
    const host = `plumbing-${domainCount}.example.test`;
    const [domain] = await db.dataSource.query(`INSERT INTO domains (domain, tenant_id) VALUES ($1, $2) RETURNING id`, [
      host,
      DEFAULT_TENANT_ID,
    ]);
    const [page] = await db.dataSource.query(
      `INSERT INTO pages (tenant_id, domain_id, url) VALUES ($1, $2, $3) RETURNING id`,
      [DEFAULT_TENANT_ID, domain.id, `https://${host}/contact`],
    );
    const contacts: SeededContact[] = await db.dataSource.query(
      `INSERT INTO contacts (domain_id, page_id, email, name, phone_number, email_type, has_gmail, source_url, debounce_result)
       SELECT $1, $2, r.email, r.name, r.phone_number, 'SERVICE', false, $3, r.debounce_result
         FROM jsonb_to_recordset($4::jsonb) AS r(email text, name text, phone_number text, debounce_result text)
       RETURNING id, email, domain_id, page_id, created_at`,
      [
        domain.id,
        page.id,
        `https://${host}/contact`,
        JSON.stringify(rows.map((r) => ({ debounce_result: 'valid', name: null, phone_number: null, ...r }))),
      ],
    );
    await queue(
      def,
      contacts.map((c) => c.id),
    );
    return contacts;
  };

  const queue = (def: WorkflowDefinition, ids: readonly string[]) =>
    applyCurationStatus(db.dataSource, def, ids, 'Selected');

  const loopFor = (
    c: CrmCase,
    options: Partial<Wf8DeliveryOptions> = {},
    tuning: Partial<WorkflowTuning> = {},
    timeoutMs?: number,
  ) =>
    new SchedulerLoop(db.dataSource, c.def, c.handler({ ...DEFAULT_WF8_DELIVERY_OPTIONS, ...options }, timeoutMs), {
      owner: `${c.crm}-test`,
      tuning: { ...c.def.defaults, batchSize: 100, maxAttempts: 3, ...tuning },
      backoff: SHORT_BACKOFF,
    });

  /** Ticks until nothing is queued or processing for the workflow. */
  const drain = async (c: CrmCase, loop: SchedulerLoop<ContactEntity, Wf8Delivered>, deadlineMs = 10_000) => {
    const until = Date.now() + deadlineMs;
    for (;;) {
      await loop.tick();
      const [{ n }] = await db.dataSource.query(
        `SELECT count(*)::int AS n FROM contacts WHERE ${c.crm}_processing_status::text IN ('Queued', 'Processing')`,
      );
      if (n === 0) break;
      if (Date.now() > until) throw new Error(`${n} contacts still waiting for ${c.def.id}`);
      await sleep(25);
    }
    await loop.stop(5_000);
  };

  const states = (c: CrmCase) =>
    db.dataSource.query(
      `SELECT email, ${c.crm}_processing_status::text AS status, ${c.crm}_processing_error AS error,
              ${c.crm}_processing_status_attempts AS attempts, ${c.crm}_sync_status::text AS sync,
              ${c.crm}_contact_id AS external_id
         FROM contacts ORDER BY email`,
    );

  describe('the reference attribute mapping', () => {
    const ada: SeedContact = {
      email: 'ada@plumbing.example.test',
      name: 'Ada Lovelace King',
      phone_number: '+1 512-555-0123',
    };

    it('Brevo: the reference attributes, the list id, the Brevo id stored and Complete', async () => {
      const [contact] = await seed(WF8_BREVO, [ada]);
      await drain(CASES[0], loopFor(CASES[0]));
      expect(brevo.contacts.get(ada.email)).toEqual({
        id: 1,
        email: ada.email,
        attributes: {
          FIRSTNAME: 'Ada',
          LASTNAME: 'Lovelace King',
          SMS: '+15125550123',
          DOMAIN_ID: contact.domain_id,
          PAGE_ID: contact.page_id,
          EMAIL_TYPE: 'SERVICE',
          SOURCE_URL: expect.stringMatching(/^https:\/\/plumbing-\d+\.example\.test\/contact$/),
          HAS_GMAIL: 'False',
        },
        listIds: [7],
        updates: 0,
      });
      expect(field(brevo.requests[0].body, 'updateEnabled')).toBe(true);
      expect(await states(CASES[0])).toEqual([
        { email: ada.email, status: 'Complete', error: null, attempts: 1, sync: 'Complete', external_id: '1' },
      ]);
    });

    it('HubSpot: the reference properties keyed on the e-mail, the record id stored and Complete', async () => {
      const [contact] = await seed(WF8_HUBSPOT, [ada]);
      await drain(CASES[1], loopFor(CASES[1]));
      const input = (field(hubspot.requests[0].body, 'inputs') as unknown[])[0];
      expect(input).toEqual({
        id: ada.email,
        idProperty: 'email',
        properties: {
          email: ada.email,
          firstname: 'Ada',
          lastname: 'Lovelace King',
          phone: '+1 512-555-0123',
          scrapersky_domain_id: contact.domain_id,
          scrapersky_page_id: contact.page_id,
          scrapersky_sync_date: new Date().toISOString().slice(0, 10),
        },
      });
      expect(await states(CASES[1])).toEqual([
        { email: ada.email, status: 'Complete', error: null, attempts: 1, sync: 'Complete', external_id: '1001' },
      ]);
    });

    it('n8n: the reference payload stamped with created_at, the Bearer secret and an idempotency key', async () => {
      const [contact] = await seed(WF8_N8N, [ada]);
      await drain(CASES[2], loopFor(CASES[2]));
      expect(n8n.requests).toHaveLength(1);
      expect(n8n.requests[0].body).toEqual({
        contact_id: contact.id,
        email: ada.email,
        name: 'Ada Lovelace King',
        scrapersky_domain_id: contact.domain_id,
        scrapersky_page_id: contact.page_id,
        timestamp: contact.created_at.toISOString(),
      });
      expect(n8n.requests[0].headers.authorization).toBe(`Bearer ${N8N_SECRET}`);
      expect(n8n.requests[0].headers['idempotency-key']).toMatch(new RegExp(`^wf8-n8n:${contact.id}:[0-9a-f]{16}$`));
      // n8n's default answer carries no id, as the reference never stored one.
      expect(await states(CASES[2])).toEqual([
        { email: ada.email, status: 'Complete', error: null, attempts: 1, sync: 'Complete', external_id: null },
      ]);
    });
  });

  describe.each(CASES)('$crm', (c) => {
    const VERDICTS: SeedContact[] = [
      { email: 'valid@x.example.test', debounce_result: 'valid' },
      { email: 'invalid@x.example.test', debounce_result: 'invalid' },
      { email: 'disposable@x.example.test', debounce_result: 'disposable' },
      { email: 'catchall@x.example.test', debounce_result: 'catch-all' },
      { email: 'unknown@x.example.test', debounce_result: 'unknown' },
      { email: 'unvalidated@x.example.test', debounce_result: null },
    ];

    it('never sends invalid or disposable addresses; catch-all and unvalidated only when the settings allow', async () => {
      await seed(c.def, VERDICTS);
      await drain(c, loopFor(c));
      expect(c.sentEmails()).toEqual(['valid@x.example.test']);
      const byEmail = new Map(
        (await states(c)).map((s: { email: string; status: string; error: string | null }) => [s.email, s]),
      );
      expect(byEmail.get('valid@x.example.test')).toMatchObject({ status: 'Complete', error: null });
      expect(byEmail.get('invalid@x.example.test')).toMatchObject({
        status: 'Error',
        error: 'suppressed: DeBounce found the address invalid; never delivered',
      });
      expect(byEmail.get('disposable@x.example.test')).toMatchObject({
        status: 'Error',
        error: 'suppressed: DeBounce found the address disposable; never delivered',
      });
      expect(byEmail.get('catchall@x.example.test')).toMatchObject({
        status: 'Error',
        error: expect.stringContaining('DEBOUNCE_QUEUE_CATCH_ALL is off'),
      });
      const allow = `${c.crm.toUpperCase()}_ALLOW_UNVALIDATED is off`;
      expect(byEmail.get('unknown@x.example.test')).toMatchObject({
        status: 'Error',
        error: expect.stringContaining(allow),
      });
      expect(byEmail.get('unvalidated@x.example.test')).toMatchObject({
        status: 'Error',
        error: expect.stringContaining(allow),
      });

      // Both settings on, everything selected again: catch-all, unknown and unvalidated go; invalid and disposable never.
      c.fake().requests.length = 0;
      const ids: { id: string }[] = await db.dataSource.query(`SELECT id FROM contacts`);
      await queue(
        c.def,
        ids.map((r) => r.id),
      );
      await drain(c, loopFor(c, { deliverCatchAll: true, allowUnvalidated: true }));
      expect(c.sentEmails().sort()).toEqual([
        'catchall@x.example.test',
        'unknown@x.example.test',
        'unvalidated@x.example.test',
        'valid@x.example.test',
      ]);
      const after = await states(c);
      expect(
        after.filter((s: { status: string }) => s.status === 'Error').map((s: { email: string }) => s.email),
      ).toEqual(['disposable@x.example.test', 'invalid@x.example.test']);
    });

    it('holds one record per address after the same contact is delivered twice', async () => {
      const contacts = await seed(c.def, [{ email: 'twice@x.example.test' }]);
      await drain(c, loopFor(c));
      const [first] = await states(c);
      await queue(
        c.def,
        contacts.map((x) => x.id),
      );
      await drain(c, loopFor(c));
      expect(c.fake().requests).toHaveLength(2);
      expect(c.records('twice@x.example.test')).toBe(1);
      expect(c.writes('twice@x.example.test')).toBe(2);
      const [second] = await states(c);
      // Brevo's second answer (204) carries no id: the first one is kept.
      expect(second).toEqual({ ...first, attempts: 1 });
      expect(second).toMatchObject({ status: 'Complete', sync: 'Complete' });
      expect(n8n.conflicts).toEqual([]);
    });

    it('retries a write the client never heard back about without creating a second record', async () => {
      await seed(c.def, [{ email: 'lost-answer@x.example.test' }]);
      c.fake().script({ type: 'hang', afterApply: true });
      await drain(c, loopFor(c, {}, {}, 300));
      expect(c.fake().requests).toHaveLength(2);
      expect(c.records('lost-answer@x.example.test')).toBe(1);
      expect(await states(c)).toEqual([expect.objectContaining({ status: 'Complete', error: null, attempts: 2 })]);
      expect(n8n.conflicts).toEqual([]);
    });

    it('defers a 429 for its Retry-After without using an attempt, then delivers', async () => {
      await seed(c.def, [{ email: 'limited@x.example.test' }]);
      c.fake().script({ type: 'rate_limited', retryAfter: 2 });
      // One attempt allowed: a rate limit must not use it.
      const loop = loopFor(c, {}, { maxAttempts: 1 });
      expect(await loop.tick()).toMatchObject({ claimed: 1, deferred: 1, retried: 0, failed: 0 });
      const [waiting] = await db.dataSource.query(
        `SELECT ${c.crm}_processing_status::text AS status, ${c.crm}_processing_status_attempts AS attempts,
                ${c.crm}_processing_error AS error,
                extract(epoch FROM ${c.crm}_processing_status_next_attempt_at - now()) * 1000 AS wait_ms
           FROM contacts`,
      );
      expect(waiting).toMatchObject({ status: 'Queued', attempts: 0, error: expect.stringContaining('HTTP 429') });
      expect(Number(waiting.wait_ms)).toBeGreaterThan(1_800);
      expect(await loop.tick()).toBeNull();
      await drain(c, loop);
      const requests = c.fake().requests;
      expect(requests).toHaveLength(2);
      expect(requests[1].receivedAt - requests[0].receivedAt).toBeGreaterThanOrEqual(2_000);
      expect(await states(c)).toEqual([expect.objectContaining({ status: 'Complete', error: null, attempts: 1 })]);
    });

    it('retries a 5xx with backoff and ends Error with the reason after max attempts', async () => {
      await seed(c.def, [{ email: 'down@x.example.test' }]);
      c.fake().script({ type: 'server', status: 503 }, 3);
      await drain(c, loopFor(c, {}, { maxAttempts: 3 }));
      expect(c.fake().requests).toHaveLength(3);
      expect(await states(c)).toEqual([
        expect.objectContaining({
          status: 'Error',
          attempts: 3,
          error: expect.stringMatching(/^gave up after 3 attempts: .*HTTP 503/),
        }),
      ]);
    });

    it.each([
      ['401', { type: 'unauthorized' as const }],
      ['402', { type: 'http' as const, status: 402, body: { code: 'payment_required', message: 'Plan expired' } }],
    ])('pauses the workflow on %s: nothing else of the batch is sent, no contact ends Error', async (status, fault) => {
      await seed(c.def, [{ email: 'a@x.example.test' }, { email: 'b@x.example.test' }, { email: 'c@x.example.test' }]);
      c.fake().script(fault);
      const loop = loopFor(c, { pauseMs: 400 }, { concurrency: 1, maxAttempts: 1 });
      const tick = await loop.tick();
      expect(tick).toMatchObject({ claimed: 3, deferred: 3, failed: 0, retried: 0 });
      expect(tick?.pausedUntil).toBeInstanceOf(Date);
      expect(c.fake().requests).toHaveLength(1);
      const paused = await states(c);
      expect(paused.map((s: { status: string; attempts: number }) => [s.status, s.attempts])).toEqual([
        ['Queued', 0],
        ['Queued', 0],
        ['Queued', 0],
      ]);
      const [pause] = await db.dataSource.query(`SELECT reason FROM workflow_pauses WHERE workflow_id = $1`, [
        c.def.id,
      ]);
      expect(pause.reason).toContain(`HTTP ${status}`);
      // Once the pause is over the queue drains.
      await sleep(450);
      await drain(c, loop);
      expect((await states(c)).map((s: { status: string }) => s.status)).toEqual(['Complete', 'Complete', 'Complete']);
    });

    it('costs the same statements per cycle for 1 and 50 contacts, with no N+1', async () => {
      const counts: number[] = [];
      for (const size of [1, 50]) {
        await db.dataSource.query(`TRUNCATE contacts`);
        c.fake().reset();
        await seed(
          c.def,
          Array.from({ length: size }, (_, i) => ({ email: `bulk${i}@x.example.test` })),
        );
        const loop = loopFor(c, {}, { concurrency: 8 });
        const { result, queries } = await recordQueries(() => loop.tick());
        await loop.stop(5_000);
        expect(result).toMatchObject({ claimed: size, done: size });
        expect(findNPlusOne(queries)).toEqual([]);
        counts.push(queries.length);
        if (c.crm === 'hubspot') {
          // One batch upsert for the whole claimed batch.
          expect(hubspot.requests).toHaveLength(1);
          expect(c.sentEmails()).toHaveLength(size);
        }
      }
      expect(counts[1]).toBe(counts[0]);
      expect((await states(c)).every((s: { sync: string; external_id: string | null }) => s.sync === 'Complete')).toBe(
        true,
      );
    });
  });

  it('HubSpot: an address the batch refuses fails alone; its batch-mates are sent again and delivered', async () => {
    await seed(WF8_HUBSPOT, [
      { email: 'good1@x.example.test', debounce_result: null },
      { email: 'broken@nowhere', debounce_result: null },
      { email: 'good2@x.example.test', debounce_result: null },
    ]);
    await drain(CASES[1], loopFor(CASES[1], { allowUnvalidated: true }));
    expect(hubspot.requests).toHaveLength(2);
    expect(await states(CASES[1])).toEqual([
      expect.objectContaining({
        email: 'broken@nowhere',
        status: 'Error',
        error: expect.stringContaining('Property values were not valid'),
      }),
      expect.objectContaining({ email: 'good1@x.example.test', status: 'Complete', external_id: expect.any(String) }),
      expect.objectContaining({ email: 'good2@x.example.test', status: 'Complete', external_id: expect.any(String) }),
    ]);
  });

  it('n8n: a worker that died after sending redelivers identical bytes under the same key (no conflict)', async () => {
    const [contact] = await seed(WF8_N8N, [{ email: 'crash@x.example.test', name: 'Joe Keller' }]);
    await drain(CASES[2], loopFor(CASES[2]));
    // Model a SIGKILL after the webhook accepted it but before the acknowledgement committed.
    await db.dataSource.query(
      `UPDATE contacts SET n8n_processing_status = 'Processing', n8n_processing_status_locked_by = 'dead-worker',
              n8n_processing_status_attempts = 1, n8n_processing_status_lease_expires_at = now() - interval '1 second'`,
    );
    const rescuer = loopFor(CASES[2]);
    expect(await rescuer.sweep()).toBe(1);
    await drain(CASES[2], rescuer);
    const { idempotencyKey } = n8nDelivery(Object.assign(new ContactEntity(), { ...contact, name: 'Joe Keller' }));
    expect(n8n.requests.map((r) => r.headers['idempotency-key'])).toEqual([idempotencyKey, idempotencyKey]);
    expect(n8n.requests[1].body).toEqual(n8n.requests[0].body);
    expect(n8n.conflicts).toEqual([]);
    expect(n8n.executions).toHaveLength(1);
    expect(n8n.deliveries.get(idempotencyKey)?.received).toBe(2);
  });

  it('n8n: refuses a payload timestamp it cannot keep stable', () => {
    const client = new N8nClient({ webhookUrl: n8n.webhookUrl });
    expect(
      () => new Wf8N8nHandler(client, { ...DEFAULT_WF8_DELIVERY_OPTIONS, n8nPayloadTimestamp: 'queued_at' }),
    ).toThrow(/queue-time column/);
  });
});
