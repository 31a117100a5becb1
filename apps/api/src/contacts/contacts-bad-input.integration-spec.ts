import { INestApplication } from '@nestjs/common';
import request from 'supertest';

import { createTestDatabase, generateFixtures, insertFixtures, TestDatabase } from '@curation/sdk/testing';

import { bearer, createApiTestApp } from '../testing/api-test-app';

const UUID = '00000000-0000-4000-8000-000000000000';
const TOO_MANY = Array.from({ length: 10_001 }, () => UUID);
const INJECTION_ID = "00000000-0000-4000-8000-000000000000'; DELETE FROM contacts; --";

type Case = [method: 'put' | 'patch', path: string, name: string, body: unknown, detail: string];

describe('contacts: bad input is a 400 with a detail, never a 500, and writes nothing', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let contactId: string;
  let fingerprint: () => Promise<string>;
  const auth = bearer();

  beforeAll(async () => {
    db = await createTestDatabase();
    await insertFixtures(db.dataSource, generateFixtures({ count: 20 }));
    app = await createApiTestApp(db.url);
    contactId = (await db.dataSource.query(`SELECT id FROM contacts ORDER BY id LIMIT 1`))[0].id;
    // md5 of every contact row: any write to the table changes it
    fingerprint = async () =>
      (await db.dataSource.query(`SELECT md5(string_agg(c::text, '|' ORDER BY c.id)) AS h FROM contacts c`))[0].h;
  });

  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  const send = (method: 'put' | 'patch' | 'delete' | 'get', path: string, body?: unknown) => {
    const call = request(app.getHttpServer())[method](path).set('Authorization', auth);
    return body === undefined ? call : call.send(body as object);
  };

  /** One broken field at a time on PUT /status; `Not_a_Fit` and `Selected` are labels of other curated tables. */
  const byIds = (): Case[] => {
    const path = '/api/v3/contacts/status';
    const valid = { contact_ids: [UUID], status: 'Skipped' };
    return [
      ['put', path, 'unknown label', { ...valid, status: 'Definitely Not' }, 'allowed values'],
      ['put', path, 'Not_a_Fit (a member name of another enum)', { ...valid, status: 'Not_a_Fit' }, 'allowed values'],
      ['put', path, 'Selected (a label of another enum)', { ...valid, status: 'Selected' }, 'allowed values'],
      [
        'put',
        path,
        'a misspelt enum-qualified label',
        { ...valid, status: 'ContactCurationStatus.Skiped' },
        'allowed values',
      ],
      ['put', path, 'status of the wrong type', { ...valid, status: ['Skipped'] }, 'allowed values'],
      ['put', path, 'missing status', { contact_ids: [UUID] }, 'allowed values'],
      ['put', path, 'null status', { ...valid, status: null }, 'allowed values'],
      ['put', path, 'empty id list', { ...valid, contact_ids: [] }, 'at least 1 id'],
      ['put', path, 'oversized id list', { ...valid, contact_ids: TOO_MANY }, 'at most 10000 ids'],
      ['put', path, 'ids not a list', { ...valid, contact_ids: "1' OR '1'='1" }, 'must be a list'],
      ['put', path, 'missing ids', { status: 'Skipped' }, 'contact_ids must be a list'],
      ['put', path, 'invalid uuid', { ...valid, contact_ids: [INJECTION_ID] }, 'must be a UUID'],
      ['put', path, 'unknown field', { ...valid, tenant_id: UUID }, 'property tenant_id should not exist'],
      [
        'put',
        path,
        'a filter on the by-ids route',
        { ...valid, email_type: 'SERVICE' },
        'property email_type should not exist',
      ],
    ];
  };

  const byFilters = (): Case[] => {
    const path = '/api/v3/contacts/status/filtered';
    const valid = { status: 'Skipped' };
    return [
      ['put', path, 'unknown status', { status: 'Bogus' }, 'allowed values'],
      ['put', path, 'Not_a_Fit status', { status: 'Not_a_Fit' }, 'allowed values'],
      ['put', path, 'missing status', { email_type: 'SERVICE' }, 'allowed values'],
      ['put', path, 'bad curation filter', { ...valid, contact_curation_status: 'NotAFit' }, 'allowed values'],
      ['put', path, 'bad processing filter', { ...valid, contact_processing_status: 'New' }, 'allowed values'],
      ['put', path, 'bad hubspot filter', { ...valid, hubspot_sync_status: 'Synced' }, 'allowed values'],
      ['put', path, 'bad brevo filter', { ...valid, brevo_sync_status: 'Sent' }, 'allowed values'],
      ['put', path, 'bad mautic filter', { ...valid, mautic_sync_status: 'Not_a_Fit' }, 'allowed values'],
      ['put', path, 'bad n8n filter', { ...valid, n8n_sync_status: 42 }, 'allowed values'],
      ['put', path, 'bad email_type', { ...valid, email_type: 'Business' }, 'allowed values'],
      ['put', path, 'bad domain_id', { ...valid, domain_id: "1' OR 1=1" }, 'domain_id must be a UUID'],
      ['put', path, 'bad page_id', { ...valid, page_id: 'x' }, 'page_id must be a UUID'],
      ['put', path, 'email_contains not text', { ...valid, email_contains: 42 }, 'email_contains must be a string'],
      [
        'put',
        path,
        'name_contains too long',
        { ...valid, name_contains: 'x'.repeat(201) },
        'name_contains must be shorter',
      ],
      ['put', path, 'has_gmail not a boolean', { ...valid, has_gmail: 'yes' }, 'has_gmail must be a boolean'],
      [
        'put',
        path,
        'ids on the filtered route',
        { ...valid, contact_ids: [UUID] },
        'property contact_ids should not exist',
      ],
      ['put', path, 'paging on the filtered route', { ...valid, limit: 5 }, 'property limit should not exist'],
      ['put', path, 'unknown field', { ...valid, tenant_id: UUID }, 'property tenant_id should not exist'],
    ];
  };

  /** PUT and PATCH /{contact_id} share the body; each breaks one field of an otherwise valid update. */
  const updates = (): Case[] =>
    (['put', 'patch'] as const).flatMap((method): Case[] => {
      const path = `/api/v3/contacts/${contactId}`;
      return [
        [method, path, 'unknown field', { name: 'A', tenant_id: UUID }, 'property tenant_id should not exist'],
        [method, path, 'a column curators do not set', { domain_id: UUID }, 'property domain_id should not exist'],
        [method, path, 'the id', { id: UUID }, 'property id should not exist'],
        [method, path, 'Not_a_Fit curation status', { contact_curation_status: 'Not_a_Fit' }, 'allowed values'],
        [method, path, 'Selected curation status', { contact_curation_status: 'Selected' }, 'allowed values'],
        [method, path, 'null curation status', { contact_curation_status: null }, 'allowed values'],
        [method, path, 'bad email_type', { email_type: 'Business' }, 'allowed values'],
        [method, path, 'bad hubspot status', { hubspot_sync_status: 'Synced' }, 'allowed values'],
        [method, path, 'null brevo status', { brevo_sync_status: null }, 'allowed values'],
        [method, path, 'bad mautic processing', { mautic_processing_status: 'Selected' }, 'allowed values'],
        [method, path, 'bad n8n processing', { n8n_processing_status: 'Not_a_Fit' }, 'allowed values'],
        [method, path, 'bad contact processing', { contact_processing_status: 'New' }, 'allowed values'],
        [method, path, 'not an e-mail', { email: 'not-an-address' }, 'email must be an e-mail address'],
        [method, path, 'null e-mail', { email: null }, 'email must be an e-mail address'],
        [method, path, 'phone too long', { phone_number: '1'.repeat(51) }, 'phone_number must be shorter'],
        [method, path, 'name not text', { name: 42 }, 'name must be a string'],
        [method, path, 'has_gmail not a boolean', { has_gmail: 'yes' }, 'has_gmail must be a boolean'],
        [method, path, 'a body that is a list', [{ name: 'A' }], ''],
        [method, '/api/v3/contacts/not-a-uuid', 'a bad id', { name: 'A' }, 'contact_id must be a UUID'],
        [
          method,
          `/api/v3/contacts/${encodeURIComponent(INJECTION_ID)}`,
          'an injection id',
          { name: 'A' },
          'contact_id must be a UUID',
        ],
      ];
    });

  it.each([...byIds(), ...byFilters()])('%s %s with %s is a 400', async (method, path, _name, body, detail) => {
    const before = await fingerprint();
    const res = await send(method, path, body);
    expect(res.status).toBe(400);
    expect(res.body.detail).toContain(detail);
    expect(await fingerprint()).toBe(before);
  });

  // contactId is known only after beforeAll, so the update cases are built inside the test
  it('PUT and PATCH /api/v3/contacts/{contact_id}: every broken field is a 400 naming it, nothing written', async () => {
    for (const [method, path, name, body, detail] of updates()) {
      const before = await fingerprint();
      const res = await send(method, path, body);
      expect({ method, name, status: res.status, typed: typeof res.body.detail }).toEqual({
        method,
        name,
        status: 400,
        typed: 'string',
      });
      expect({ method, name, detail: res.body.detail }).toEqual({
        method,
        name,
        detail: expect.stringContaining(detail),
      });
      expect(await fingerprint()).toBe(before);
    }
  });

  it.each([
    ['get', '/api/v3/contacts/not-a-uuid'],
    ['delete', '/api/v3/contacts/not-a-uuid'],
    ['delete', `/api/v3/contacts/${encodeURIComponent(INJECTION_ID)}`],
    ['get', '/api/v3/contacts/1%20OR%201%3D1'],
  ] as const)('%s %s is a 400 naming the id', async (method, path) => {
    const before = await fingerprint();
    const res = await send(method, path);
    expect(res.status).toBe(400);
    expect(res.body.detail).toBe('contact_id must be a UUID');
    expect(await fingerprint()).toBe(before);
  });

  it.each([
    ['/api/v3/contacts?contact_curation_status=Not_a_Fit', 'allowed values'],
    ['/api/v3/contacts?contact_curation_status=Selected', 'allowed values'],
    ['/api/v3/contacts?contact_processing_status=New', 'allowed values'],
    ['/api/v3/contacts?hubspot_sync_status=Synced', 'allowed values'],
    ['/api/v3/contacts?brevo_sync_status=Sent', 'allowed values'],
    ['/api/v3/contacts?mautic_sync_status=NOT_A_FIT', 'allowed values'],
    ['/api/v3/contacts?n8n_sync_status=%27%20OR%201%3D1', 'allowed values'],
    ['/api/v3/contacts?email_type=Business', 'allowed values'],
    ['/api/v3/contacts?domain_id=1%20OR%201%3D1', 'domain_id must be a UUID'],
    ['/api/v3/contacts?page_id=x', 'page_id must be a UUID'],
    ['/api/v3/contacts?has_gmail=maybe', 'has_gmail must be a boolean'],
    ['/api/v3/contacts?limit=1001', 'limit must not be greater than 1000'],
    ['/api/v3/contacts?offset=-1', 'offset must not be less than 0'],
    ['/api/v3/contacts?sort_by=email', 'property sort_by should not exist'],
    ['/api/v3/contacts?debounce_result=valid', 'property debounce_result should not exist'],
  ])('GET %s is a 400', async (path, detail) => {
    const res = await send('get', path);
    expect(res.status).toBe(400);
    expect(res.body.detail).toContain(detail);
  });

  it('treats injection-looking filter values as plain text, on the list and on the select-all update', async () => {
    const before = await fingerprint();
    const evil = "x'); DROP TABLE contacts; --";
    for (const param of ['email_contains', 'name_contains']) {
      const res = await send('get', `/api/v3/contacts?${param}=${encodeURIComponent(evil)}`);
      expect({ param, status: res.status, body: res.body }).toEqual({ param, status: 200, body: [] });
      const update = await send('put', '/api/v3/contacts/status/filtered', { status: 'Skipped', [param]: evil });
      expect({ param, status: update.status, updated: update.body.updated_count }).toEqual({
        param,
        status: 200,
        updated: 0,
      });
    }
    expect(await fingerprint()).toBe(before);
  });
});
