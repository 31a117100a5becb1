import { INestApplication } from '@nestjs/common';
import request from 'supertest';

import { findNPlusOne } from '@curation/sdk';
import {
  createTestDatabase,
  generateFixtures,
  insertFixtures,
  recordQueries,
  TestDatabase,
} from '@curation/sdk/testing';

import { bearer, createApiTestApp } from '../testing/api-test-app';

/** Every field of the reference's ContactRead (src/schemas/wf8_contact_schemas.py) and the JSON type it has. */
const CONTACT_READ: Record<string, 'string' | 'boolean' | 'number' | 'date' | 'uuid'> = {
  id: 'uuid',
  domain_id: 'uuid',
  page_id: 'uuid',
  source_job_id: 'uuid',
  email: 'string',
  email_type: 'string',
  has_gmail: 'boolean',
  context: 'string',
  source_url: 'string',
  name: 'string',
  phone_number: 'string',
  contact_curation_status: 'string',
  contact_processing_status: 'string',
  contact_processing_error: 'string',
  hubspot_sync_status: 'string',
  hubspot_processing_status: 'string',
  hubspot_processing_error: 'string',
  hubspot_contact_id: 'string',
  brevo_sync_status: 'string',
  brevo_processing_status: 'string',
  brevo_processing_error: 'string',
  brevo_contact_id: 'string',
  mautic_sync_status: 'string',
  mautic_processing_status: 'string',
  mautic_processing_error: 'string',
  mautic_contact_id: 'string',
  n8n_sync_status: 'string',
  n8n_processing_status: 'string',
  n8n_processing_error: 'string',
  n8n_workflow_id: 'string',
  retry_count: 'number',
  last_retry_at: 'date',
  next_retry_at: 'date',
  last_failed_crm: 'string',
  debounce_validation_status: 'string',
  debounce_processing_status: 'string',
  debounce_result: 'string',
  debounce_score: 'number',
  debounce_reason: 'string',
  debounce_suggestion: 'string',
  debounce_processing_error: 'string',
  debounce_validated_at: 'date',
  created_at: 'date',
  updated_at: 'date',
};
/** Never null in the schema. */
const NOT_NULL = new Set([
  'id',
  'domain_id',
  'page_id',
  'email',
  'contact_curation_status',
  'hubspot_sync_status',
  'brevo_sync_status',
  'mautic_sync_status',
  'n8n_sync_status',
  'retry_count',
  'created_at',
  'updated_at',
]);
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const UNKNOWN_ID = '00000000-0000-4000-8000-00000000abcd';

function expectContactRead(contact: Record<string, unknown>): void {
  for (const [field, type] of Object.entries(CONTACT_READ)) {
    expect({ field, present: field in contact }).toEqual({ field, present: true });
    const value = contact[field];
    if (value === null) {
      expect({ field, nullable: !NOT_NULL.has(field) }).toEqual({ field, nullable: true });
      continue;
    }
    const ok =
      type === 'uuid'
        ? typeof value === 'string' && UUID_RE.test(value)
        : type === 'date'
          ? typeof value === 'string' && !Number.isNaN(Date.parse(value))
          : typeof value === type;
    expect({ field, value, ok }).toEqual({ field, value, ok: true });
  }
}

type Row = Record<string, unknown> & { id: string };

describe('contacts: /api/v3/contacts read, update, delete, status and the full list', () => {
  let db: TestDatabase;
  let app: INestApplication;
  const auth = bearer();
  const server = () => app.getHttpServer();
  const get = (path: string) => request(server()).get(path).set('Authorization', auth);
  const put = (path: string, body: object) => request(server()).put(path).set('Authorization', auth).send(body);
  const patch = (path: string, body: object) => request(server()).patch(path).set('Authorization', auth).send(body);
  const del = (path: string) => request(server()).delete(path).set('Authorization', auth);
  const rows = async (sql: string, params: unknown[] = []): Promise<Row[]> => db.dataSource.query(sql, params);
  const row = async (id: string): Promise<Row | undefined> =>
    (await rows(`SELECT * FROM contacts WHERE id = $1`, [id]))[0];

  beforeAll(async () => {
    db = await createTestDatabase();
    await insertFixtures(db.dataSource, generateFixtures({ count: 40 }));
    app = await createApiTestApp(db.url, { RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: '0' });
  });

  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it.each([
    ['GET', `/api/v3/contacts/${UNKNOWN_ID}`],
    ['PUT', `/api/v3/contacts/${UNKNOWN_ID}`],
    ['PATCH', `/api/v3/contacts/${UNKNOWN_ID}`],
    ['DELETE', `/api/v3/contacts/${UNKNOWN_ID}`],
    ['PUT', '/api/v3/contacts/status'],
    ['PUT', '/api/v3/contacts/status/filtered'],
  ])('%s %s needs a valid bearer token', async (method, path) => {
    const verb = method.toLowerCase() as 'get' | 'put' | 'patch' | 'delete';
    const missing = await request(server())[verb](path).send({});
    expect([missing.status, missing.body.detail]).toEqual([401, 'Missing bearer token']);
  });

  describe('list', () => {
    it('answers a plain array carrying every ContactRead field with its type, newest first', async () => {
      const res = await get('/api/v3/contacts?limit=1000').expect(200);
      const [{ n }] = await rows(`SELECT count(*)::int AS n FROM contacts`);
      expect(Array.isArray(res.body)).toBe(true);
      expect(res.body).toHaveLength(Number(n));
      res.body.forEach(expectContactRead);
      const times = res.body.map((c: Row) => Date.parse(String(c.updated_at)));
      expect(times).toEqual([...times].sort((a, b) => b - a));
      // every CRM and validation column is read from the table, not defaulted
      const crm = await rows(`SELECT id, brevo_contact_id, n8n_contact_id, debounce_score, retry_count FROM contacts`);
      const byId = new Map<string, Row>(res.body.map((c: Row) => [c.id, c]));
      for (const r of crm)
        expect(byId.get(r.id)).toMatchObject({
          brevo_contact_id: r.brevo_contact_id,
          n8n_contact_id: r.n8n_contact_id,
          n8n_workflow_id: r.n8n_contact_id,
          debounce_score: r.debounce_score,
          retry_count: r.retry_count,
        });
    });

    it.each([
      ['contact_curation_status', 'contact_curation_status'],
      ['contact_processing_status', 'contact_processing_status'],
      ['hubspot_sync_status', 'hubspot_sync_status'],
      ['brevo_sync_status', 'brevo_sync_status'],
      ['mautic_sync_status', 'mautic_sync_status'],
      ['n8n_sync_status', 'n8n_sync_status'],
      ['email_type', 'email_type'],
      ['domain_id', 'domain_id'],
      ['page_id', 'page_id'],
    ])('filters on %s (exact) and returns exactly the matching rows', async (param, column) => {
      const [sample] = await rows(
        `SELECT ${column}::text AS v, count(*)::int AS n FROM contacts WHERE ${column} IS NOT NULL
          GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1`,
      );
      const res = await get(`/api/v3/contacts?limit=1000&${param}=${encodeURIComponent(String(sample.v))}`).expect(200);
      expect(res.body).toHaveLength(Number(sample.n));
      for (const c of res.body) expect(c[column]).toBe(sample.v);
    });

    it('filters on email_contains, name_contains and has_gmail, and parses label aliases', async () => {
      const [named] = await rows(`SELECT name, email FROM contacts WHERE name IS NOT NULL ORDER BY id LIMIT 1`);
      const part = String(named.name).slice(1, 4).toUpperCase();
      const byName = await get(`/api/v3/contacts?limit=1000&name_contains=${encodeURIComponent(part)}`).expect(200);
      expect(byName.body.length).toBeGreaterThan(0);
      for (const c of byName.body) expect(String(c.name).toUpperCase()).toContain(part);
      const domainPart = String(named.email).split('@')[1];
      const byEmail = await get(`/api/v3/contacts?limit=1000&email_contains=${domainPart}`).expect(200);
      for (const c of byEmail.body) expect(c.email).toContain(domainPart);
      for (const flag of [true, false]) {
        const [{ n }] = await rows(`SELECT count(*)::int AS n FROM contacts WHERE has_gmail = $1`, [flag]);
        const res = await get(`/api/v3/contacts?limit=1000&has_gmail=${flag}`).expect(200);
        expect(res.body).toHaveLength(Number(n));
        for (const c of res.body) expect(c.has_gmail).toBe(flag);
      }
      const [{ n: skipped }] = await rows(
        `SELECT count(*)::int AS n FROM contacts WHERE contact_curation_status = 'Skipped' AND brevo_sync_status = 'New'`,
      );
      const aliased = await get('/api/v3/contacts?limit=1000&contact_curation_status=SKIPPED&brevo_sync_status=new');
      expect(aliased.status).toBe(200);
      expect(aliased.body).toHaveLength(Number(skipped));
    });

    it('pages with limit and offset', async () => {
      const all = await get('/api/v3/contacts?limit=1000').expect(200);
      const page = await get('/api/v3/contacts?limit=5&offset=5').expect(200);
      expect(page.body.map((c: Row) => c.id)).toEqual(all.body.slice(5, 10).map((c: Row) => c.id));
    });

    it('says in headers how many contacts match, so a change to all of them can be confirmed first', async () => {
      const [{ n }] = await rows(`SELECT count(*)::int AS n FROM contacts WHERE contact_curation_status = 'New'`);
      const res = await get('/api/v3/contacts?limit=2&contact_curation_status=New').expect(200);
      expect(res.body.length).toBeLessThanOrEqual(2);
      expect(res.headers['x-total-count']).toBe(String(n));
      expect(res.headers['x-total-is-estimate']).toBe('false');
    });

    it('costs exactly two statements, whatever the page size and however many filters', async () => {
      const [c] = await rows(`SELECT domain_id, page_id FROM contacts LIMIT 1`);
      for (const path of [
        '/api/v3/contacts?limit=1',
        '/api/v3/contacts?limit=1000',
        `/api/v3/contacts?limit=1000&contact_curation_status=New&contact_processing_status=Queued&hubspot_sync_status=New&brevo_sync_status=New&mautic_sync_status=New&n8n_sync_status=New&email_type=SERVICE&domain_id=${c.domain_id}&page_id=${c.page_id}&email_contains=a&name_contains=a&has_gmail=false`,
      ]) {
        const { queries } = await recordQueries(() => get(path).expect(200));
        expect({ path, statements: queries.length, nPlusOne: findNPlusOne(queries) }).toEqual({
          path,
          statements: 2,
          nPlusOne: [],
        });
      }
    });
  });

  describe('read one', () => {
    it('answers the contact as ContactRead in one statement', async () => {
      const [c] = await rows(`SELECT * FROM contacts ORDER BY id LIMIT 1`);
      const { result, queries } = await recordQueries(() => get(`/api/v3/contacts/${c.id}`));
      expect(result.status).toBe(200);
      expectContactRead(result.body);
      expect(result.body).toMatchObject({
        id: c.id,
        email: c.email,
        contact_curation_status: c.contact_curation_status,
      });
      expect(queries).toHaveLength(1);
    });

    it('is a 404 with a detail for an unknown id', async () => {
      const res = await get(`/api/v3/contacts/${UNKNOWN_ID}`).expect(404);
      expect(res.body.detail).toBe('Contact not found');
    });
  });

  describe('update', () => {
    it('PUT changes only the fields sent, parses labels, maps n8n_workflow_id, bumps updated_at, in one statement', async () => {
      const [c] = await rows(`SELECT * FROM contacts ORDER BY id OFFSET 1 LIMIT 1`);
      const body = {
        name: 'Ada Lovelace',
        phone_number: '+1 555 0100',
        email_type: 'corporate',
        contact_curation_status: 'ContactCurationStatus.Skipped',
        brevo_sync_status: 'Selected',
        hubspot_processing_status: null,
        n8n_workflow_id: 'wf-42',
      };
      const { result, queries } = await recordQueries(() => put(`/api/v3/contacts/${c.id}`, body));
      expect(result.status).toBe(200);
      expect(queries).toHaveLength(1);
      expectContactRead(result.body);
      const after = await row(c.id);
      expect(after).toMatchObject({
        name: 'Ada Lovelace',
        phone_number: '+1 555 0100',
        email_type: 'CORPORATE',
        contact_curation_status: 'Skipped',
        brevo_sync_status: 'Selected',
        hubspot_processing_status: null,
        n8n_contact_id: 'wf-42',
      });
      expect(result.body).toMatchObject({ n8n_workflow_id: 'wf-42', email_type: 'CORPORATE', name: 'Ada Lovelace' });
      const untouched = Object.keys(c).filter(
        (k) =>
          ![
            'name',
            'phone_number',
            'email_type',
            'contact_curation_status',
            'brevo_sync_status',
            'hubspot_processing_status',
            'n8n_contact_id',
            'updated_at',
          ].includes(k),
      );
      for (const k of untouched) expect({ k, v: after?.[k] }).toEqual({ k, v: c[k] });
      expect((after?.updated_at as Date).getTime()).toBeGreaterThan((c.updated_at as Date).getTime());
    });

    it('PATCH is partial too; null clears a nullable column', async () => {
      const [c] = await rows(`SELECT * FROM contacts WHERE name IS NOT NULL ORDER BY id LIMIT 1`);
      const res = await patch(`/api/v3/contacts/${c.id}`, { name: null, has_gmail: true }).expect(200);
      expect(res.body).toMatchObject({ id: c.id, name: null, has_gmail: true, email: c.email });
      expect(await row(c.id)).toMatchObject({ name: null, has_gmail: true, email: c.email });
    });

    it('an empty body changes nothing and answers the contact', async () => {
      const [c] = await rows(`SELECT * FROM contacts ORDER BY id OFFSET 2 LIMIT 1`);
      const res = await put(`/api/v3/contacts/${c.id}`, {}).expect(200);
      expect(res.body.id).toBe(c.id);
      expect(await row(c.id)).toEqual(c);
    });

    it('an e-mail another contact of the domain has is a 409, nothing written', async () => {
      // a second contact on the same domain, to be renamed to the first one's address
      const [pair] = await rows(
        `INSERT INTO contacts (domain_id, page_id, email)
           SELECT domain_id, page_id, 'second-' || email FROM contacts ORDER BY id LIMIT 1
         RETURNING id, substr(email, 8) AS email`,
      );
      const before = await row(pair.id);
      const res = await put(`/api/v3/contacts/${pair.id}`, { email: pair.email, name: 'Changed' }).expect(409);
      expect(res.body.detail).toContain('already has this email');
      expect(await row(pair.id)).toEqual(before);
    });

    it.each(['PUT', 'PATCH'])('%s of an unknown id is a 404 and writes nothing', async (method) => {
      const call = method === 'PUT' ? put : patch;
      const res = await call(`/api/v3/contacts/${UNKNOWN_ID}`, { name: 'Nobody' }).expect(404);
      expect(res.body.detail).toBe('Contact not found');
      expect(await rows(`SELECT id FROM contacts WHERE name = 'Nobody'`)).toEqual([]);
    });
  });

  describe('delete', () => {
    it('answers 204, removes the row, and a second delete is a 404', async () => {
      const [c] = await rows(`SELECT id FROM contacts ORDER BY id DESC LIMIT 1`);
      const [{ n: before }] = await rows(`SELECT count(*)::int AS n FROM contacts`);
      const { result, queries } = await recordQueries(() => del(`/api/v3/contacts/${c.id}`));
      expect(result.status).toBe(204);
      expect(queries).toHaveLength(1);
      expect(await row(c.id)).toBeUndefined();
      const [{ n: after }] = await rows(`SELECT count(*)::int AS n FROM contacts`);
      expect(Number(after)).toBe(Number(before) - 1);
      const again = await del(`/api/v3/contacts/${c.id}`).expect(404);
      expect(again.body.detail).toBe('Contact not found');
    });
  });

  describe('status by ids: PUT /api/v3/contacts/status', () => {
    it('reaches its handler (not the /{contact_id} route) and sets the curation status of exactly those ids', async () => {
      const ids = (
        await rows(`SELECT id FROM contacts WHERE contact_curation_status <> 'Complete' ORDER BY id LIMIT 3`)
      ).map((r) => r.id);
      const before = await rows(`SELECT id, contact_processing_status FROM contacts ORDER BY id`);
      const res = await put('/api/v3/contacts/status', { contact_ids: [...ids, UNKNOWN_ID], status: 'COMPLETE' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        message: 'Updated 3 contacts to Complete',
        updated_count: 3,
        queued_count: 0,
        hubspot_queued_count: 0,
      });
      const after = await rows(
        `SELECT id, contact_curation_status, contact_processing_status FROM contacts ORDER BY id`,
      );
      for (const r of after) if (ids.includes(r.id)) expect(r.contact_curation_status).toBe('Complete');
      // plain curation status: contacts have no workflow definition, so the processing column stays as it was
      expect(after.map((r) => r.contact_processing_status)).toEqual(before.map((r) => r.contact_processing_status));
    });

    it('ignores unknown ids like the reference (200 with updated_count 0)', async () => {
      const res = await put('/api/v3/contacts/status', { contact_ids: [UNKNOWN_ID], status: 'Skipped' }).expect(200);
      expect(res.body.updated_count).toBe(0);
    });

    it('costs at most three statements, for one id and for every id', async () => {
      const all = (await rows(`SELECT id FROM contacts`)).map((r) => r.id);
      for (const ids of [all.slice(0, 1), all]) {
        const { result, queries } = await recordQueries(() =>
          put('/api/v3/contacts/status', { contact_ids: ids, status: 'New' }),
        );
        expect({ status: result.status, updated: result.body.updated_count }).toEqual({
          status: 200,
          updated: ids.length,
        });
        expect(queries.length).toBeLessThanOrEqual(3);
        expect(findNPlusOne(queries)).toEqual([]);
      }
    });
  });

  describe('status by filters: PUT /api/v3/contacts/status/filtered', () => {
    it('reaches its handler and updates exactly the rows the list filters select', async () => {
      await rows(`UPDATE contacts SET contact_curation_status = 'New'`);
      const [sample] = await rows(
        `SELECT email_type::text AS t, brevo_sync_status::text AS b, count(*)::int AS n FROM contacts
          WHERE email_type IS NOT NULL GROUP BY 1, 2 ORDER BY 3 DESC LIMIT 1`,
      );
      const res = await put('/api/v3/contacts/status/filtered', {
        status: 'Skipped',
        email_type: sample.t,
        brevo_sync_status: sample.b,
        contact_curation_status: 'New',
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ updated_count: Number(sample.n), queued_count: 0 });
      const skipped = await rows(
        `SELECT email_type::text AS t, brevo_sync_status::text AS b FROM contacts WHERE contact_curation_status = 'Skipped'`,
      );
      expect(skipped).toHaveLength(Number(sample.n));
      for (const r of skipped) expect(r).toEqual({ t: sample.t, b: sample.b });
      // what the list shows with the same filters is what was updated
      const listed = await get(
        `/api/v3/contacts?limit=1000&contact_curation_status=Skipped&email_type=${sample.t}&brevo_sync_status=${sample.b}`,
      ).expect(200);
      expect(listed.body).toHaveLength(Number(sample.n));
    });

    it('filters on text, booleans and ids as the list does', async () => {
      const [c] = await rows(`SELECT id, domain_id, page_id, email FROM contacts WHERE has_gmail = false LIMIT 1`);
      const res = await put('/api/v3/contacts/status/filtered', {
        status: 'Error',
        domain_id: c.domain_id,
        page_id: c.page_id,
        email_contains: String(c.email).toUpperCase(),
        has_gmail: false,
      }).expect(200);
      expect(res.body.updated_count).toBe(1);
      expect(await row(c.id)).toMatchObject({ contact_curation_status: 'Error' });
    });

    it('matching nothing is a 200 with updated_count 0, as in the reference', async () => {
      const res = await put('/api/v3/contacts/status/filtered', { status: 'Skipped', domain_id: UNKNOWN_ID }).expect(
        200,
      );
      expect(res.body).toMatchObject({ updated_count: 0, queued_count: 0 });
    });

    it('costs at most three statements, matching a few rows or all of them', async () => {
      const [{ n }] = await rows(`SELECT count(*)::int AS n FROM contacts`);
      for (const [body, expected] of [
        [{ status: 'Processing' }, Number(n)],
        [{ status: 'New', contact_curation_status: 'Processing', name_contains: 'zzz-no-such-name' }, 0],
      ] as const) {
        const { result, queries } = await recordQueries(() => put('/api/v3/contacts/status/filtered', body));
        expect({ status: result.status, updated: result.body.updated_count }).toEqual({
          status: 200,
          updated: expected,
        });
        expect(queries.length).toBeLessThanOrEqual(3);
        expect(findNPlusOne(queries)).toEqual([]);
      }
    });
  });
});
