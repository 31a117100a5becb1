import { FakeHubSpotServer, startFakeHubSpotServer } from './fake-hubspot.server';

describe('fake HubSpot', () => {
  let fake: FakeHubSpotServer;
  const call = (method: string, path: string, token: string | null, body?: unknown) =>
    fetch(`${fake.baseUrl}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  beforeAll(async () => {
    fake = await startFakeHubSpotServer({ apiKey: 'token' });
  });
  afterAll(() => fake.close());

  it('lists the contacts upserted, as HubSpot lists them, to the same token only', async () => {
    const upsert = await call('POST', '/crm/v3/objects/contacts/batch/upsert', 'token', {
      inputs: [{ id: 'Jordan.Avery@example.org', idProperty: 'email', properties: { firstname: 'Jordan' } }],
    });
    expect(upsert.status).toBe(200);
    const listed = await call('GET', '/crm/v3/objects/contacts', 'token');
    expect(listed.status).toBe(200);
    expect(await listed.json()).toEqual({
      results: [
        {
          id: '1001',
          properties: { firstname: 'Jordan', email: 'jordan.avery@example.org', hs_object_id: '1001' },
          createdAt: expect.any(String),
          updatedAt: expect.any(String),
          archived: false,
        },
      ],
    });
    expect((await call('GET', '/crm/v3/objects/contacts', null)).status).toBe(401);
    expect((await call('GET', '/crm/v3/objects/contacts', 'other')).status).toBe(401);
    expect((await call('DELETE', '/crm/v3/objects/contacts', 'token')).status).toBe(404);
  });
});
