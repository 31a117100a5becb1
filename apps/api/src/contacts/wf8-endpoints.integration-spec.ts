import { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import request from 'supertest';

import { findNPlusOne, WF8_BREVO, WF8_DEBOUNCE, WF8_HUBSPOT, WF8_N8N } from '@curation/sdk';
import {
  createTestDatabase,
  generateFixtures,
  insertFixtures,
  recordQueries,
  TestDatabase,
} from '@curation/sdk/testing';

import { bearer, createApiTestApp } from '../testing/api-test-app';

const UNKNOWN_ID = '00000000-0000-4000-8000-00000000abcd';
const CRMS = ['brevo', 'hubspot', 'n8n'] as const;

type Row = Record<string, unknown> & { id: string };

/** PUT /crm/select and the DeBounce endpoints against the real AppModule and PostgreSQL. */
describe('WF8 contact endpoints: CRM selection and DeBounce validation', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let listener: Client;
  const notifications: string[] = [];
  const auth = bearer();
  const server = () => app.getHttpServer();
  const put = (path: string, body: object) => request(server()).put(path).set('Authorization', auth).send(body);
  const post = (path: string, body: object) => request(server()).post(path).set('Authorization', auth).send(body);
  const get = (path: string) => request(server()).get(path).set('Authorization', auth);
  const rows = (sql: string, params: unknown[] = []): Promise<Row[]> => db.dataSource.query(sql, params);
  const ids = async (n: number, offset = 0): Promise<string[]> =>
    (await rows(`SELECT id FROM contacts ORDER BY id LIMIT $1 OFFSET $2`, [n, offset])).map((r) => r.id);
  const crmState = (contactIds: string[]) =>
    rows(
      `SELECT id,
              brevo_sync_status::text AS brevo, brevo_processing_status::text AS brevo_p, brevo_processing_error AS brevo_e,
              brevo_processing_status_attempts AS brevo_a,
              hubspot_sync_status::text AS hubspot, hubspot_processing_status::text AS hubspot_p,
              hubspot_processing_error AS hubspot_e, hubspot_processing_status_attempts AS hubspot_a,
              n8n_sync_status::text AS n8n, n8n_processing_status::text AS n8n_p, n8n_processing_error AS n8n_e,
              n8n_processing_status_attempts AS n8n_a,
              mautic_sync_status::text AS mautic, mautic_processing_status::text AS mautic_p
         FROM contacts WHERE id = ANY($1::uuid[]) ORDER BY id`,
      [contactIds],
    );
  const debounceState = (contactIds: string[]) =>
    rows(
      `SELECT id, debounce_validation_status::text AS v, debounce_processing_status::text AS p,
              debounce_processing_error AS e, debounce_processing_status_attempts AS a
         FROM contacts WHERE id = ANY($1::uuid[]) ORDER BY id`,
      [contactIds],
    );
  const fingerprint = async (): Promise<string> =>
    (await rows(`SELECT md5(string_agg(c::text, '|' ORDER BY c.id)) AS h FROM contacts c`))[0].h as string;
  const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

  beforeAll(async () => {
    db = await createTestDatabase();
    await insertFixtures(db.dataSource, generateFixtures({ count: 40 }));
    app = await createApiTestApp(db.url);
    listener = new Client({ connectionString: db.url });
    await listener.connect();
    listener.on('notification', (n) => notifications.push(n.channel));
    for (const def of [WF8_DEBOUNCE, WF8_BREVO, WF8_HUBSPOT, WF8_N8N]) await listener.query(`LISTEN ${def.channel}`);
  });

  afterAll(async () => {
    await listener.end();
    await app.close();
    await db.drop();
  });

  describe('PUT /api/v3/contacts/crm/select', () => {
    const reset = (contactIds: string[]) =>
      rows(
        `UPDATE contacts SET brevo_sync_status = 'New', brevo_processing_status = 'Error', brevo_processing_error = 'old',
                brevo_processing_status_attempts = 3, hubspot_sync_status = 'New', hubspot_processing_status = NULL,
                hubspot_processing_error = NULL, n8n_sync_status = 'New', n8n_processing_status = NULL,
                n8n_processing_error = NULL, mautic_sync_status = 'New', mautic_processing_status = NULL
          WHERE id = ANY($1::uuid[])`,
        [contactIds],
      );

    it('select: each CRM Selected and its processing column Queued (errors and attempts reset), one NOTIFY per CRM', async () => {
      const picked = await ids(3);
      await reset(picked);
      notifications.length = 0;
      const res = await put('/api/v3/contacts/crm/select', {
        contact_ids: [...picked, UNKNOWN_ID],
        crms: ['brevo', 'hubspot', 'n8n', 'brevo'],
        action: 'select',
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        updated_count: 3,
        queued_count: 9,
        cancelled_count: 0,
        crms: ['brevo', 'hubspot', 'n8n'],
        action: 'select',
        message: 'Selected 3 contacts for 3 CRM(s), 9 queued for processing',
      });
      for (const r of await crmState(picked))
        expect(r).toEqual({
          id: r.id,
          ...Object.fromEntries(
            CRMS.flatMap((c) => [
              [c, 'Selected'],
              [`${c}_p`, 'Queued'],
              [`${c}_e`, null],
              [`${c}_a`, 0],
            ]),
          ),
          mautic: 'New',
          mautic_p: null,
        });
      await settle();
      expect([...new Set(notifications)].sort()).toEqual(
        [WF8_BREVO.channel, WF8_HUBSPOT.channel, WF8_N8N.channel].sort(),
      );
    });

    it('action defaults to select; a contact being delivered is left to finish', async () => {
      const picked = await ids(2, 3);
      await reset(picked);
      await rows(`UPDATE contacts SET brevo_processing_status = 'Processing' WHERE id = $1`, [picked[0]]);
      const res = await put('/api/v3/contacts/crm/select', { contact_ids: picked, crms: ['brevo'] }).expect(200);
      expect(res.body).toMatchObject({ updated_count: 2, queued_count: 1, action: 'select' });
      const [first, second] = await crmState(picked);
      expect([first.brevo, first.brevo_p, second.brevo, second.brevo_p]).toEqual([
        'Selected',
        'Processing',
        'Selected',
        'Queued',
      ]);
    });

    it('unselect: back to New, and still-queued deliveries are cancelled (processing emptied)', async () => {
      const picked = await ids(3);
      await put('/api/v3/contacts/crm/select', { contact_ids: picked, crms: [...CRMS] }).expect(200);
      const res = await put('/api/v3/contacts/crm/select', {
        contact_ids: picked,
        crms: ['hubspot', 'n8n'],
        action: 'unselect',
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        updated_count: 3,
        queued_count: 0,
        cancelled_count: 6,
        crms: ['hubspot', 'n8n'],
        action: 'unselect',
        message: 'Unselected 3 contacts for 2 CRM(s), 0 queued for processing',
      });
      for (const r of await crmState(picked))
        expect(r).toMatchObject({
          brevo: 'Selected',
          brevo_p: 'Queued',
          hubspot: 'New',
          hubspot_p: null,
          n8n: 'New',
          n8n_p: null,
        });
    });

    it('mautic is a 400 naming it, and nothing is written, even beside valid CRMs', async () => {
      const picked = await ids(2);
      const before = await fingerprint();
      const res = await put('/api/v3/contacts/crm/select', { contact_ids: picked, crms: ['brevo', 'mautic'] });
      expect(res.status).toBe(400);
      expect(res.body.detail).toContain('mautic cannot be selected');
      expect(res.body.detail).toContain('no Mautic client');
      expect(await fingerprint()).toBe(before);
    });

    it('ids that are no contacts are a 404, as in the reference, and nothing is written', async () => {
      const before = await fingerprint();
      const res = await put('/api/v3/contacts/crm/select', { contact_ids: [UNKNOWN_ID], crms: ['brevo', 'n8n'] });
      expect(res.status).toBe(404);
      expect(res.body.detail).toBe('No contacts found with provided IDs');
      expect(await fingerprint()).toBe(before);
    });

    it('costs one statement per CRM plus the transaction, for one id and for every id', async () => {
      const all = (await rows(`SELECT id FROM contacts`)).map((r) => r.id);
      const counts: number[] = [];
      for (const contactIds of [all.slice(0, 1), all]) {
        for (const action of ['select', 'unselect']) {
          const { result, queries } = await recordQueries(() =>
            put('/api/v3/contacts/crm/select', { contact_ids: contactIds, crms: [...CRMS], action }),
          );
          expect({ status: result.status, updated: result.body.updated_count }).toEqual({
            status: 200,
            updated: contactIds.length,
          });
          expect(queries.length).toBeLessThanOrEqual(CRMS.length + 2);
          expect(findNPlusOne(queries)).toEqual([]);
          counts.push(queries.length);
        }
      }
      expect(new Set(counts).size).toBe(1);
    });
  });

  describe('POST /api/v3/contacts/validate', () => {
    it('queues DeBounce for contacts neither validated nor being validated, and counts the others', async () => {
      const [fresh, errored, processing, validated, queuedAgain] = await ids(5, 10);
      await rows(
        `UPDATE contacts SET debounce_validation_status = 'New', debounce_processing_status = NULL,
                debounce_processing_error = NULL, debounce_processing_status_attempts = 0 WHERE id = $1`,
        [fresh],
      );
      await rows(
        `UPDATE contacts SET debounce_validation_status = 'Selected', debounce_processing_status = 'Error',
                debounce_processing_error = 'DeBounce 500', debounce_processing_status_attempts = 5 WHERE id = $1`,
        [errored],
      );
      await rows(
        `UPDATE contacts SET debounce_validation_status = 'Selected', debounce_processing_status = 'Processing' WHERE id = $1`,
        [processing],
      );
      await rows(
        `UPDATE contacts SET debounce_validation_status = 'Complete', debounce_processing_status = 'Complete',
                debounce_result = 'valid' WHERE id = $1`,
        [validated],
      );
      await rows(
        `UPDATE contacts SET debounce_validation_status = 'Selected', debounce_processing_status = 'Queued' WHERE id = $1`,
        [queuedAgain],
      );
      notifications.length = 0;
      const res = await post('/api/v3/contacts/validate', {
        contact_ids: [fresh, errored, processing, validated, queuedAgain, UNKNOWN_ID],
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        success: true,
        message: '3 contacts queued for validation',
        queued_count: 3,
        already_processing: 1,
        already_validated: 1,
        invalid_ids: [UNKNOWN_ID],
      });
      const state = new Map(
        (await debounceState([fresh, errored, processing, validated, queuedAgain])).map((r) => [r.id, r]),
      );
      for (const id of [fresh, errored, queuedAgain])
        expect(state.get(id)).toEqual({ id, v: 'Selected', p: 'Queued', e: null, a: 0 });
      expect(state.get(processing)).toMatchObject({ v: 'Selected', p: 'Processing' });
      expect(state.get(validated)).toMatchObject({ v: 'Complete', p: 'Complete' });
      await settle();
      expect(notifications).toContain(WF8_DEBOUNCE.channel);
    });

    it('takes up to 100 ids; 101 is a 400 and nothing is written', async () => {
      const hundred = Array.from({ length: 100 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
      const ok = await post('/api/v3/contacts/validate', { contact_ids: hundred });
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ queued_count: 0, invalid_ids: expect.arrayContaining(hundred) });
      const before = await fingerprint();
      const res = await post('/api/v3/contacts/validate', { contact_ids: [...hundred, UNKNOWN_ID] });
      expect(res.status).toBe(400);
      expect(res.body.detail).toContain('at most 100 ids');
      expect(await fingerprint()).toBe(before);
    });

    it('costs the same few statements for one id and for forty', async () => {
      const all = await ids(40);
      const counts: number[] = [];
      for (const contactIds of [all.slice(0, 1), all]) {
        await rows(`UPDATE contacts SET debounce_validation_status = 'New', debounce_processing_status = NULL`);
        const { result, queries } = await recordQueries(() =>
          post('/api/v3/contacts/validate', { contact_ids: contactIds }),
        );
        expect({ status: result.status, queued: result.body.queued_count }).toEqual({
          status: 200,
          queued: contactIds.length,
        });
        expect(queries.length).toBeLessThanOrEqual(4);
        expect(findNPlusOne(queries)).toEqual([]);
        counts.push(queries.length);
      }
      expect(counts[0]).toBe(counts[1]);
    });
  });

  describe('POST /api/v3/contacts/validate/all', () => {
    beforeEach(() =>
      rows(
        `UPDATE contacts SET debounce_validation_status = 'New', debounce_processing_status = NULL, debounce_result = NULL`,
      ),
    );

    it('queues every contact matching the filters (domain, not_validated) in set-based statements', async () => {
      const [{ domain_id }] = await rows(
        `SELECT domain_id FROM contacts GROUP BY domain_id ORDER BY count(*) DESC, domain_id LIMIT 1`,
      );
      const [skip] = await rows(`SELECT id FROM contacts WHERE domain_id = $1 ORDER BY id LIMIT 1`, [domain_id]);
      await rows(
        `UPDATE contacts SET debounce_validation_status = 'Complete', debounce_result = 'valid' WHERE id = $1`,
        [skip.id],
      );
      const [{ n }] = await rows(`SELECT count(*)::int AS n FROM contacts WHERE domain_id = $1`, [domain_id]);
      const { result, queries } = await recordQueries(() =>
        post('/api/v3/contacts/validate/all', {
          filters: { domain_id, validation_status: 'not_validated' },
          max_contacts: 500,
        }),
      );
      expect(result.status).toBe(200);
      expect(result.body).toEqual({
        success: true,
        message: `${Number(n) - 1} contacts queued for validation`,
        queued_count: Number(n) - 1,
        already_processing: 0,
        already_validated: 0,
        total_matched: Number(n) - 1,
        filters_applied: { domain_id, validation_status: 'not_validated' },
      });
      expect(queries.length).toBeLessThanOrEqual(4);
      const queued = await rows(
        `SELECT id, domain_id FROM contacts WHERE debounce_validation_status = 'Selected' AND debounce_processing_status = 'Queued'`,
      );
      expect(queued).toHaveLength(Number(n) - 1);
      for (const r of queued) expect(r.domain_id).toBe(domain_id);
    });

    it('max_contacts bounds how many are queued; the matched total and skipped ones are still counted', async () => {
      const [{ n }] = await rows(`SELECT count(*)::int AS n FROM contacts`);
      const [validated] = await ids(1);
      await rows(`UPDATE contacts SET debounce_validation_status = 'Complete' WHERE id = $1`, [validated]);
      const res = await post('/api/v3/contacts/validate/all', { filters: {}, max_contacts: 2 }).expect(200);
      expect(res.body).toMatchObject({
        queued_count: 2,
        total_matched: Number(n),
        already_validated: 1,
        filters_applied: {},
      });
      const [{ q }] = await rows(`SELECT count(*)::int AS q FROM contacts WHERE debounce_processing_status = 'Queued'`);
      expect(q).toBe(2);
    });

    it('defaults max_contacts to 100 and filters on name, e-mail, curation status and result', async () => {
      const [c] = await rows(
        `SELECT id, name, email, contact_curation_status::text AS s FROM contacts WHERE name IS NOT NULL ORDER BY id LIMIT 1`,
      );
      await rows(`UPDATE contacts SET debounce_result = 'catch-all' WHERE id = $1`, [c.id]);
      const res = await post('/api/v3/contacts/validate/all', {
        filters: {
          search_name: String(c.name).toUpperCase(),
          search_email: String(c.email),
          curation_status: c.s,
          validation_status: 'catch-all',
        },
      }).expect(200);
      expect(res.body).toMatchObject({ queued_count: 1, total_matched: 1 });
      expect(await debounceState([c.id])).toEqual([{ id: c.id, v: 'Selected', p: 'Queued', e: null, a: 0 }]);
    });

    it('matching nothing is a 200 with zero counts, nothing written', async () => {
      const before = await fingerprint();
      const res = await post('/api/v3/contacts/validate/all', { filters: { domain_id: UNKNOWN_ID } }).expect(200);
      expect(res.body).toMatchObject({ queued_count: 0, total_matched: 0 });
      expect(await fingerprint()).toBe(before);
    });
  });

  describe('GET /api/v3/contacts/validation-status and /validation-summary', () => {
    it('validation-status answers each known contact in the order asked, in one statement', async () => {
      const [a, b] = await ids(2, 20);
      await rows(
        `UPDATE contacts SET debounce_validation_status = 'Complete', debounce_processing_status = 'Complete',
                debounce_result = 'valid', debounce_score = 98, debounce_reason = 'Deliverable',
                debounce_suggestion = '', debounce_validated_at = '2025-11-19T10:00:00Z', debounce_processing_error = NULL
          WHERE id = $1`,
        [b],
      );
      await rows(
        `UPDATE contacts SET debounce_validation_status = NULL, debounce_processing_status = NULL, debounce_result = NULL,
                debounce_score = NULL, debounce_reason = NULL, debounce_suggestion = NULL, debounce_validated_at = NULL,
                debounce_processing_error = NULL WHERE id = $1`,
        [a],
      );
      const [bRow] = await rows(`SELECT email FROM contacts WHERE id = $1`, [b]);
      const [aRow] = await rows(`SELECT email FROM contacts WHERE id = $1`, [a]);
      const { result, queries } = await recordQueries(() =>
        get(`/api/v3/contacts/validation-status?contact_ids=${b}, ${UNKNOWN_ID},${a}`),
      );
      expect(result.status).toBe(200);
      expect(queries).toHaveLength(1);
      expect(result.body).toEqual({
        success: true,
        contacts: [
          {
            id: b,
            email: bRow.email,
            validation_status: 'Complete',
            processing_status: 'Complete',
            result: 'valid',
            score: 98,
            reason: 'Deliverable',
            suggestion: '',
            validated_at: '2025-11-19T10:00:00.000Z',
            error: null,
          },
          {
            id: a,
            email: aRow.email,
            validation_status: 'New',
            processing_status: 'New',
            result: null,
            score: null,
            reason: null,
            suggestion: null,
            validated_at: null,
            error: null,
          },
        ],
      });
    });

    it('validation-summary counts results and states as the reference, in one statement, with its filters', async () => {
      // A known spread: by row number, 4 valid, 2 invalid, 1 disposable, 1 catch-all, 1 unknown (all validated),
      // 3 queued, 2 processing, the rest never validated.
      await rows(
        `WITH n AS (SELECT id, row_number() OVER (ORDER BY id) AS i FROM contacts)
         UPDATE contacts c SET
           debounce_validation_status = (CASE WHEN n.i <= 9 THEN 'Complete' WHEN n.i <= 14 THEN 'Selected' ELSE 'New' END)::crm_sync_status,
           debounce_processing_status = (CASE WHEN n.i <= 9 THEN 'Complete' WHEN n.i <= 12 THEN 'Queued' WHEN n.i <= 14 THEN 'Processing' END)::crm_processing_status,
           debounce_result = CASE WHEN n.i <= 4 THEN 'valid' WHEN n.i <= 6 THEN 'invalid' WHEN n.i = 7 THEN 'disposable'
                                  WHEN n.i = 8 THEN 'catch-all' WHEN n.i = 9 THEN 'unknown' END,
           debounce_validated_at = CASE WHEN n.i <= 9 THEN timestamptz '2025-11-01T00:00:00Z' + n.i * interval '1 hour' END
         FROM n WHERE n.id = c.id`,
      );
      const [{ total }] = await rows(`SELECT count(*)::int AS total FROM contacts`);
      const { result, queries } = await recordQueries(() => get('/api/v3/contacts/validation-summary'));
      expect(result.status).toBe(200);
      expect(queries).toHaveLength(1);
      expect(result.body).toEqual({
        success: true,
        summary: {
          total_contacts: total,
          validated: { total: 9, valid: 4, invalid: 2, disposable: 1, catch_all: 1, unknown: 1 },
          not_validated: Number(total) - 14,
          pending_validation: 5,
          validation_rate: Math.round((9 / Number(total)) * 10_000) / 100,
          valid_rate: 44.44,
          last_updated: '2025-11-01T09:00:00.000Z',
        },
        filters_applied: { domain_id: null, page_id: null, curation_status: null },
      });
      const [c] = await rows(
        `SELECT domain_id, page_id, contact_curation_status::text AS s FROM contacts ORDER BY id LIMIT 1`,
      );
      const [{ n }] = await rows(
        `SELECT count(*)::int AS n FROM contacts WHERE domain_id = $1 AND page_id = $2 AND contact_curation_status::text = $3`,
        [c.domain_id, c.page_id, c.s],
      );
      const filtered = await get(
        `/api/v3/contacts/validation-summary?domain_id=${c.domain_id}&page_id=${c.page_id}&curation_status=${c.s}`,
      ).expect(200);
      expect(filtered.body.summary.total_contacts).toBe(n);
      expect(filtered.body.filters_applied).toEqual({
        domain_id: c.domain_id,
        page_id: c.page_id,
        curation_status: c.s,
      });
      const none = await get(`/api/v3/contacts/validation-summary?domain_id=${UNKNOWN_ID}`).expect(200);
      expect(none.body.summary).toMatchObject({ total_contacts: 0, validation_rate: 0, valid_rate: 0 });
    });
  });
});
