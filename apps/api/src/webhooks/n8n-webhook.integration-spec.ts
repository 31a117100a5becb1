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

const SECRET = 'n8n-webhook-secret-for-tests-0123456789';
const PATH = '/api/v3/webhooks/n8n/enrichment-complete';
const HEALTH = '/api/v3/webhooks/n8n/health';
const UNKNOWN_ID = '00000000-0000-4000-8000-00000000abcd';

/** The reference work order's example payload (WO-021), for one contact and run. */
const payload = (contactId: string, enrichmentId: string) => ({
  contact_id: contactId,
  enrichment_id: enrichmentId,
  status: 'complete',
  timestamp: '2025-11-19T10:30:00Z',
  enriched_data: {
    phone: '+1-555-123-4567',
    address: { street: '123 Main St', city: 'San Francisco', state: 'CA', zip: '94102', country: 'USA' },
    social_profiles: { linkedin: 'https://linkedin.com/in/johndoe', twitter: null },
    company: { name: 'Acme Corp', website: 'https://acme.com', description: 'Bakery.\nSince 1901.' },
    additional_emails: ['john.doe@acme.com', 'jdoe@acme.com'],
    confidence_score: 85,
    sources: ['linkedin_api', 'clearbit'],
  },
  metadata: { enrichment_duration_seconds: 12.5, api_calls_made: 3, cost_estimate: 0.15 },
});

const ENRICHMENT_COLUMNS = `enrichment_status, enrichment_started_at, enrichment_completed_at, enrichment_error,
  last_enrichment_id, enriched_phone, enriched_address, enriched_social_profiles, enriched_company,
  enriched_additional_emails, enrichment_confidence_score, enrichment_sources, enrichment_duration_seconds,
  enrichment_api_calls, enrichment_cost_estimate, updated_at`;

describe('POST /api/v3/webhooks/n8n/enrichment-complete (n8n enrichment callback)', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let contactIds: string[];
  const server = () => app.getHttpServer();
  /** `null`: no Authorization header at all. */
  const send = (body: unknown, authorization: string | null = `Bearer ${SECRET}`) => {
    const call = request(server()).post(PATH).set('Content-Type', 'application/json');
    if (authorization !== null) call.set('Authorization', authorization);
    return call.send(JSON.stringify(body));
  };
  const enrichmentOf = async (id: string) =>
    (await db.dataSource.query(`SELECT ${ENRICHMENT_COLUMNS} FROM contacts WHERE id = $1`, [id]))[0];
  const fingerprint = async (): Promise<string> =>
    (await db.dataSource.query(`SELECT md5(string_agg(c::text, '|' ORDER BY c.id)) AS h FROM contacts c`))[0].h;

  beforeAll(async () => {
    db = await createTestDatabase();
    await insertFixtures(db.dataSource, generateFixtures({ count: 10 }));
    await db.dataSource.query(`UPDATE contacts SET last_enrichment_id = NULL, enrichment_status = NULL`);
    app = await createApiTestApp(db.url, { N8N_WEBHOOK_SECRET: SECRET, RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: '0' });
    contactIds = (await db.dataSource.query(`SELECT id FROM contacts ORDER BY id LIMIT 5`)).map(
      (r: { id: string }) => r.id,
    );
  });

  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it('writes every enrichment column of the contact in one statement, and GET /contacts/{id} shows them', async () => {
    const id = contactIds[0];
    const { result, queries } = await recordQueries(() => send(payload(id, 'run-1')));
    expect(result.status).toBe(200);
    expect(result.body).toEqual({
      success: true,
      contact_id: id,
      enrichment_id: 'run-1',
      message: 'Enrichment data saved successfully',
      updated_fields: [
        'enriched_phone',
        'enriched_address',
        'enriched_social_profiles',
        'enriched_company',
        'enriched_additional_emails',
        'enrichment_confidence_score',
        'enrichment_sources',
      ],
    });
    expect(queries).toHaveLength(1);
    expect(findNPlusOne(queries)).toEqual([]);
    const row = await enrichmentOf(id);
    expect(row).toMatchObject({
      enrichment_status: 'complete',
      enrichment_started_at: new Date('2025-11-19T10:29:47.500Z'),
      enrichment_completed_at: new Date('2025-11-19T10:30:00Z'),
      enrichment_error: null,
      last_enrichment_id: 'run-1',
      enriched_phone: '+1-555-123-4567',
      enriched_address: { street: '123 Main St', city: 'San Francisco', state: 'CA', zip: '94102', country: 'USA' },
      // nulls are dropped, as the reference's exclude_none did
      enriched_social_profiles: { linkedin: 'https://linkedin.com/in/johndoe' },
      enriched_company: { name: 'Acme Corp', website: 'https://acme.com', description: 'Bakery.\nSince 1901.' },
      enriched_additional_emails: ['john.doe@acme.com', 'jdoe@acme.com'],
      enrichment_confidence_score: 85,
      enrichment_sources: ['linkedin_api', 'clearbit'],
      enrichment_duration_seconds: 12.5,
      enrichment_api_calls: 3,
      enrichment_cost_estimate: 0.15,
    });
    const read = await request(server()).get(`/api/v3/contacts/${id}`).set('Authorization', bearer()).expect(200);
    expect(read.body).toMatchObject({
      enrichment_status: 'complete',
      last_enrichment_id: 'run-1',
      enriched_phone: '+1-555-123-4567',
      enriched_address: row.enriched_address,
      enriched_additional_emails: row.enriched_additional_emails,
      enrichment_confidence_score: 85,
      enrichment_completed_at: '2025-11-19T10:30:00.000Z',
    });
    const list = await request(server()).get(`/api/v3/contacts?limit=1000`).set('Authorization', bearer()).expect(200);
    expect(list.body.find((c: { id: string }) => c.id === id)).toMatchObject({
      enriched_company: row.enriched_company,
    });
  });

  it('a replayed enrichment_id writes nothing twice, even with a different body', async () => {
    const id = contactIds[1];
    await send(payload(id, 'run-replay')).expect(200);
    const before = await fingerprint();
    const replay = { ...payload(id, 'run-replay'), status: 'failed', enriched_data: { phone: '+1-000' } };
    for (let i = 0; i < 3; i += 1) {
      const res = await send(replay);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        success: true,
        contact_id: id,
        enrichment_id: 'run-replay',
        message: 'Enrichment already processed (idempotent)',
        updated_fields: [],
      });
    }
    expect(await fingerprint()).toBe(before);
    expect(await enrichmentOf(id)).toMatchObject({ enrichment_status: 'complete', enriched_phone: '+1-555-123-4567' });
    // concurrent duplicates of a new run: exactly one writes
    // Five requests at once need the server listening first: supertest otherwise calls listen() on the same
    // server for each of them, and those racing listens reset connections (ECONNRESET) instead of answering.
    const server = app.getHttpServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const racing = await Promise.all(Array.from({ length: 5 }, () => send(payload(id, 'run-race')))).finally(
      () => new Promise<void>((resolve) => server.close(() => resolve())),
    );
    expect(racing.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(racing.filter((r) => r.body.message === 'Enrichment data saved successfully')).toHaveLength(1);
    expect(await enrichmentOf(id)).toMatchObject({ last_enrichment_id: 'run-race', enrichment_status: 'complete' });
  });

  it('a later run keeps enriched fields it does not send, records a failure and its error, reads both metadata spellings', async () => {
    const id = contactIds[0];
    const res = await send({
      contact_id: id,
      enrichment_id: 'run-2',
      status: 'failed',
      timestamp: '2025-11-20T08:00:00+01:00',
      enriched_data: { confidence_score: 10 },
      metadata: { duration_seconds: 2, api_calls: 1 },
      error: 'Clearbit quota exceeded',
      unknown_field: 'dropped, as the reference did',
    });
    expect(res.status).toBe(200);
    expect(res.body.updated_fields).toEqual(['enrichment_confidence_score']);
    expect(await enrichmentOf(id)).toMatchObject({
      enrichment_status: 'failed',
      enrichment_error: 'Clearbit quota exceeded',
      enrichment_completed_at: new Date('2025-11-20T07:00:00Z'),
      enrichment_started_at: new Date('2025-11-20T06:59:58Z'),
      last_enrichment_id: 'run-2',
      enriched_phone: '+1-555-123-4567',
      enrichment_confidence_score: 10,
      enrichment_duration_seconds: 2,
      enrichment_api_calls: 1,
      enrichment_cost_estimate: 0.15,
    });
  });

  it.each([
    ['no Authorization header', null, 'Missing Authorization header'],
    ['not a bearer header', `Basic ${SECRET}`, "Authorization header must be 'Bearer {token}'"],
    ['the wrong secret', 'Bearer n8n-webhook-secret-for-tests-0123456780', 'Invalid webhook token'],
    ['a prefix of the secret', `Bearer ${SECRET.slice(0, 20)}`, 'Invalid webhook token'],
    // HTTP drops the trailing space: `Bearer` alone is not a bearer header
    ['an empty bearer', 'Bearer ', "Authorization header must be 'Bearer {token}'"],
    ['the secret with a trailing character', `Bearer ${SECRET}x`, 'Invalid webhook token'],
    ['a user JWT', bearer(), 'Invalid webhook token'],
  ])('%s is a 401 and writes nothing', async (_name, authorization, detail) => {
    const before = await fingerprint();
    const res = await send(payload(contactIds[2], 'run-unauthorised'), authorization);
    expect(res.status).toBe(401);
    expect(res.body.detail).toBe(detail);
    expect(await fingerprint()).toBe(before);
  });

  it('an unknown contact is a 404 and writes nothing', async () => {
    const before = await fingerprint();
    const res = await send(payload(UNKNOWN_ID, 'run-nobody'));
    expect(res.status).toBe(404);
    expect(res.body.detail).toBe(`Contact not found: ${UNKNOWN_ID}`);
    expect(await fingerprint()).toBe(before);
  });

  it('GET /health answers as the reference behind the same secret', async () => {
    const res = await request(server()).get(HEALTH).set('Authorization', `Bearer ${SECRET}`).expect(200);
    expect(res.body).toEqual({
      status: 'healthy',
      webhook_url: PATH,
      authentication: 'configured',
      message: 'n8n webhook endpoint is ready to receive enrichment data',
    });
    const wrong = await request(server()).get(HEALTH).set('Authorization', 'Bearer wrong').expect(401);
    expect(wrong.body.detail).toBe('Invalid webhook token');
  });

  describe('bad bodies are a 422 with a detail naming the field, and write nothing', () => {
    const valid = () => payload(contactIds[3], 'run-bad');
    const cases = (): [name: string, body: unknown, detail: string][] => [
      ['a list', [valid()], 'The body must be a JSON object'],
      ['an empty object', {}, 'contact_id must be a UUID'],
      ['a contact_id that is no uuid', { ...valid(), contact_id: "1' OR '1'='1" }, 'contact_id must be a UUID'],
      ['a missing enrichment_id', { ...valid(), enrichment_id: undefined }, 'enrichment_id must be a string'],
      ['an empty enrichment_id', { ...valid(), enrichment_id: '' }, 'enrichment_id must not be empty'],
      ['a numeric enrichment_id', { ...valid(), enrichment_id: 42 }, 'enrichment_id must be a string'],
      ['an overlong enrichment_id', { ...valid(), enrichment_id: 'x'.repeat(256) }, 'enrichment_id must be shorter'],
      ['an unknown status', { ...valid(), status: 'done' }, 'status must be one of: complete, partial, failed'],
      ['a missing timestamp', { ...valid(), timestamp: undefined }, 'timestamp must be an ISO 8601 date-time'],
      ['a bad timestamp', { ...valid(), timestamp: '2025-13-45T99:00:00Z' }, 'timestamp must be an ISO 8601'],
      ['enriched_data not an object', { ...valid(), enriched_data: 'lots' }, 'enriched_data must be an object'],
      [
        'a score above 100',
        { ...valid(), enriched_data: { confidence_score: 101 } },
        'enriched_data.confidence_score must not be greater than 100',
      ],
      [
        'a fractional score',
        { ...valid(), enriched_data: { confidence_score: 8.5 } },
        'enriched_data.confidence_score must be an integer',
      ],
      [
        'a phone longer than its column',
        { ...valid(), enriched_data: { phone: '1'.repeat(51) } },
        'enriched_data.phone must be shorter',
      ],
      [
        'additional_emails not a list',
        { ...valid(), enriched_data: { additional_emails: 'a@b.c' } },
        'enriched_data.additional_emails must be a list',
      ],
      [
        'a source that is no string',
        { ...valid(), enriched_data: { sources: ['ok', 7] } },
        'enriched_data.each sources entry must be a string',
      ],
      [
        'an address that is a list',
        { ...valid(), enriched_data: { address: ['123 Main'] } },
        'enriched_data.address must be an object',
      ],
      [
        'a city that is no string',
        { ...valid(), enriched_data: { address: { city: 94102 } } },
        'enriched_data.address.city must be a string',
      ],
      [
        'a negative duration',
        { ...valid(), metadata: { enrichment_duration_seconds: -1 } },
        'metadata.enrichment_duration_seconds must not be less than 0',
      ],
      [
        'api calls as text',
        { ...valid(), metadata: { api_calls_made: '3' } },
        'metadata.api_calls_made must be an integer',
      ],
      [
        'a NUL in a nested string',
        { ...valid(), enriched_data: { company: { name: 'Acme\u0000' } } },
        'enriched_data.company.name contains a control character',
      ],
    ];

    it('for each broken field', async () => {
      for (const [name, body, detail] of cases()) {
        const before = await fingerprint();
        const res = await send(body);
        expect({ name, status: res.status, detail: res.body.detail }).toEqual({
          name,
          status: 422,
          detail: expect.stringContaining(detail),
        });
        expect(await fingerprint()).toBe(before);
      }
    });

    it('malformed JSON or a bare JSON string is refused by the body parser (400, as on every route), nothing written', async () => {
      for (const raw of ['{"contact_id": ', '"complete"']) {
        const before = await fingerprint();
        const res = await request(server())
          .post(PATH)
          .set('Authorization', `Bearer ${SECRET}`)
          .set('Content-Type', 'application/json')
          .send(raw);
        expect({ raw, status: res.status, detail: typeof res.body.detail }).toEqual({
          raw,
          status: 400,
          detail: 'string',
        });
        expect(await fingerprint()).toBe(before);
      }
    });
  });
});

describe('the n8n webhook without N8N_WEBHOOK_SECRET', () => {
  let db: TestDatabase;
  let app: INestApplication;

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await createApiTestApp(db.url);
  });

  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it.each([
    ['post', PATH],
    ['get', HEALTH],
  ] as const)('%s %s does not exist (404), whatever the credential', async (method, path) => {
    for (const authorization of ['Bearer anything-at-all-0123456789', bearer()]) {
      const res = await request(app.getHttpServer())[method](path).set('Authorization', authorization).send({});
      expect(res.status).toBe(404);
    }
  });
});
