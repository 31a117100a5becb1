import { INestApplication } from '@nestjs/common';
import request from 'supertest';

import { createTestDatabase, generateFixtures, insertFixtures, TestDatabase } from '@curation/sdk/testing';

import { bearer, createApiTestApp } from '../testing/api-test-app';

const UUID = '00000000-0000-4000-8000-000000000000';
const INJECTION_ID = "00000000-0000-4000-8000-000000000000'; DELETE FROM contacts; --";
const TOO_MANY = Array.from({ length: 10_001 }, () => UUID);

type Case = [method: 'put' | 'post', path: string, name: string, body: unknown, detail: string];

describe('WF8 contact endpoints: bad input is a 400 with a detail, never a 500, and writes nothing', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let fingerprint: () => Promise<string>;
  const auth = bearer();

  beforeAll(async () => {
    db = await createTestDatabase();
    await insertFixtures(db.dataSource, generateFixtures({ count: 20 }));
    app = await createApiTestApp(db.url);
    // md5 of every contact row: any write to the table changes it
    fingerprint = async () =>
      (await db.dataSource.query(`SELECT md5(string_agg(c::text, '|' ORDER BY c.id)) AS h FROM contacts c`))[0].h;
  });

  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  const crmSelect = (): Case[] => {
    const path = '/api/v3/contacts/crm/select';
    const valid = { contact_ids: [UUID], crms: ['brevo'], action: 'select' };
    return [
      ['put', path, 'an unknown CRM', { ...valid, crms: ['salesforce'] }, 'each crms entry must be one of'],
      ['put', path, 'a CRM in capitals', { ...valid, crms: ['Brevo'] }, 'each crms entry must be one of'],
      ['put', path, 'mautic', { ...valid, crms: ['mautic'] }, 'mautic cannot be selected'],
      ['put', path, 'mautic beside brevo', { ...valid, crms: ['n8n', 'mautic'] }, 'mautic cannot be selected'],
      ['put', path, 'no CRM', { ...valid, crms: [] }, 'crms must name at least 1 CRM'],
      ['put', path, 'crms not a list', { ...valid, crms: 'brevo' }, 'crms must be a list'],
      ['put', path, 'missing crms', { contact_ids: [UUID] }, 'crms must be a list'],
      ['put', path, 'an unknown action', { ...valid, action: 'toggle' }, "action must be 'select' or 'unselect'"],
      ['put', path, 'an action of the wrong type', { ...valid, action: true }, "action must be 'select' or 'unselect'"],
      ['put', path, 'empty id list', { ...valid, contact_ids: [] }, 'at least 1 id'],
      ['put', path, 'oversized id list', { ...valid, contact_ids: TOO_MANY }, 'at most 10000 ids'],
      ['put', path, 'missing ids', { crms: ['brevo'] }, 'contact_ids must be a list'],
      ['put', path, 'invalid uuid', { ...valid, contact_ids: [INJECTION_ID] }, 'must be a UUID'],
      ['put', path, 'unknown field', { ...valid, status: 'Selected' }, 'property status should not exist'],
    ];
  };

  const validate = (): Case[] => {
    const path = '/api/v3/contacts/validate';
    return [
      [
        'post',
        path,
        '101 ids',
        { contact_ids: Array.from({ length: 101 }, () => UUID) },
        'at most 100 ids per request',
      ],
      ['post', path, 'no ids', { contact_ids: [] }, 'contact_ids must contain at least 1 id'],
      ['post', path, 'ids not a list', { contact_ids: UUID }, 'contact_ids must be a list'],
      ['post', path, 'missing ids', {}, 'contact_ids must be a list'],
      ['post', path, 'an injection id', { contact_ids: [INJECTION_ID] }, 'each contact_ids entry must be a UUID'],
      ['post', path, 'a numeric id', { contact_ids: [42] }, 'each contact_ids entry must be a UUID'],
      ['post', path, 'unknown field', { contact_ids: [UUID], force: true }, 'property force should not exist'],
    ];
  };

  const validateAll = (): Case[] => {
    const path = '/api/v3/contacts/validate/all';
    return [
      ['post', path, 'missing filters', { max_contacts: 10 }, 'filters is required'],
      ['post', path, 'filters not an object', { filters: 'all' }, 'filters must be an object'],
      [
        'post',
        path,
        'an unknown validation_status',
        { filters: { validation_status: 'valid-ish' } },
        'validation_status must be one of',
      ],
      ['post', path, 'an unknown curation_status', { filters: { curation_status: 'Not_a_Fit' } }, 'allowed values'],
      ['post', path, 'a bad domain_id', { filters: { domain_id: "1' OR 1=1" } }, 'filters.domain_id must be a UUID'],
      ['post', path, 'a bad page_id', { filters: { page_id: 'x' } }, 'filters.page_id must be a UUID'],
      ['post', path, 'search_email not text', { filters: { search_email: 42 } }, 'search_email must be a string'],
      [
        'post',
        path,
        'search_name too long',
        { filters: { search_name: 'x'.repeat(201) } },
        'search_name must be shorter',
      ],
      [
        'post',
        path,
        'an unknown filter',
        { filters: { tenant_id: UUID } },
        'filters.property tenant_id should not exist',
      ],
      ['post', path, 'max_contacts 0', { filters: {}, max_contacts: 0 }, 'max_contacts must not be less than 1'],
      [
        'post',
        path,
        'max_contacts 501',
        { filters: {}, max_contacts: 501 },
        'max_contacts must not be greater than 500',
      ],
      ['post', path, 'max_contacts as text', { filters: {}, max_contacts: 'ten' }, 'max_contacts must be an integer'],
      [
        'post',
        path,
        'ids on the filtered route',
        { filters: {}, contact_ids: [UUID] },
        'property contact_ids should not exist',
      ],
    ];
  };

  it.each([...crmSelect(), ...validate(), ...validateAll()])(
    '%s %s with %s is a 400',
    async (method, path, _name, body, detail) => {
      const before = await fingerprint();
      const res = await request(app.getHttpServer())
        [method](path)
        .set('Authorization', auth)
        .send(body as object);
      expect(res.status).toBe(400);
      expect(res.body.detail).toContain(detail);
      expect(await fingerprint()).toBe(before);
    },
  );

  const STATUS = '/api/v3/contacts/validation-status';
  const SUMMARY = '/api/v3/contacts/validation-summary';
  it.each([
    ['status without ids', STATUS, 'contact_ids is required'],
    ['status with empty ids', `${STATUS}?contact_ids=`, 'At least one contact ID is required'],
    ['status with blank ids', `${STATUS}?contact_ids=%20,%20`, 'At least one contact ID is required'],
    ['status with a bad id', `${STATUS}?contact_ids=not-a-uuid`, 'each contact_ids entry must be a UUID'],
    [
      'status with an injection id',
      `${STATUS}?contact_ids=${UUID},${encodeURIComponent(INJECTION_ID)}`,
      'must be a UUID',
    ],
    [
      'status with 201 ids',
      `${STATUS}?contact_ids=${Array.from({ length: 201 }, () => UUID).join(',')}`,
      'at most 200',
    ],
    ['status with an unknown parameter', `${STATUS}?contact_ids=${UUID}&email=x`, 'property email should not exist'],
    ['summary with a bad domain_id', `${SUMMARY}?domain_id=1%20OR%201%3D1`, 'domain_id must be a UUID'],
    ['summary with a bad page_id', `${SUMMARY}?page_id=x`, 'page_id must be a UUID'],
    ['summary with an unknown curation_status', `${SUMMARY}?curation_status=Valid`, 'allowed values'],
    ['summary with paging', `${SUMMARY}?limit=5`, 'property limit should not exist'],
  ])('GET validation-%s is a 400', async (_name, path, detail) => {
    const res = await request(app.getHttpServer()).get(path).set('Authorization', auth);
    expect(res.status).toBe(400);
    expect(res.body.detail).toContain(detail);
  });

  it('treats injection-looking search text as plain text on validate/all', async () => {
    const before = await fingerprint();
    const evil = "x'); DROP TABLE contacts; --";
    const res = await request(app.getHttpServer())
      .post('/api/v3/contacts/validate/all')
      .set('Authorization', auth)
      .send({ filters: { search_email: evil, search_name: '%' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ queued_count: 0, total_matched: 0 });
    expect(await fingerprint()).toBe(before);
  });

  it('every new route wants a user token: 401 without one', async () => {
    for (const [method, path] of [
      ['put', '/api/v3/contacts/crm/select'],
      ['post', '/api/v3/contacts/validate'],
      ['post', '/api/v3/contacts/validate/all'],
      ['get', `/api/v3/contacts/validation-status?contact_ids=${UUID}`],
      ['get', '/api/v3/contacts/validation-summary'],
    ] as const) {
      const res = await request(app.getHttpServer())[method](path).send({});
      expect({ path, status: res.status }).toEqual({ path, status: 401 });
    }
  });
});
