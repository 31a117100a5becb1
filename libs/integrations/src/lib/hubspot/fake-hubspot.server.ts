import { randomUUID } from 'node:crypto';

import {
  bearerToken,
  emailKey,
  extendFake,
  FakeAnswer,
  FakeServiceControls,
  FakeServiceOptions,
  isObject,
  RecordedCall,
  startFakeService,
} from '../crm-fakes/fake-service';

/**
 * Loopback HubSpot `POST /crm/v3/objects/contacts/batch/upsert` (idProperty `email`) with HubSpot's answers:
 * 200 {status: COMPLETE, results: [{id, properties, new …}]}; 400 VALIDATION_ERROR for duplicate ids in one batch,
 * more than 100 inputs, an invalid e-mail, an idProperty other than email, or (with `knownProperties`) a property
 * the portal does not have; 401 INVALID_AUTHENTICATION for a missing or wrong token. As HubSpot does for e-mail
 * upserts, a batch with any invalid input writes nothing. One record per address (case-insensitive).
 */

export interface FakeHubSpotOptions extends FakeServiceOptions {
  /** When set, any other Bearer token gets 401. Default: any non-empty token. */
  apiKey?: string;
  /** When set, properties outside this list (and HubSpot's email/firstname/lastname/phone) are refused. */
  knownProperties?: readonly string[];
}

export interface FakeHubSpotContact {
  id: string;
  properties: Record<string, string>;
  createdAt: string;
  updatedAt: string;
  /** Times an upsert updated it after creation. */
  updates: number;
}

export interface FakeHubSpotServer extends FakeServiceControls {
  /** `HUBSPOT_API_BASE_URL`. */
  readonly baseUrl: string;
  /** Keyed by lower-cased e-mail. */
  readonly contacts: Map<string, FakeHubSpotContact>;
  reset(): void;
}

const STANDARD_PROPERTIES = ['email', 'firstname', 'lastname', 'phone'];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const hubspotError = (
  status: number,
  category: string,
  message: string,
  extra: Record<string, unknown> = {},
): FakeAnswer => ({
  status,
  body: { status: 'error', message, correlationId: randomUUID(), category, ...extra },
});

export async function startFakeHubSpotServer(options: FakeHubSpotOptions = {}): Promise<FakeHubSpotServer> {
  const contacts = new Map<string, FakeHubSpotContact>();
  const known = options.knownProperties ? new Set([...STANDARD_PROPERTIES, ...options.knownProperties]) : null;
  let nextId = 1001;

  const unauthorized = (): FakeAnswer =>
    hubspotError(
      401,
      'INVALID_AUTHENTICATION',
      'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview',
    );

  /** HubSpot's contact list (first page, every contact here): what the offline demo shows a person was delivered. */
  const list = (): FakeAnswer => ({
    status: 200,
    body: {
      results: [...contacts.values()].map((record) => ({
        id: record.id,
        properties: { ...record.properties, hs_object_id: record.id },
        createdAt: record.createdAt,
        updatedAt: record.updatedAt,
        archived: false,
      })),
    },
  });

  const route = (call: RecordedCall): FakeAnswer => {
    const listing = call.method === 'GET' && call.path === '/crm/v3/objects/contacts';
    if (!listing && (call.method !== 'POST' || call.path !== '/crm/v3/objects/contacts/batch/upsert'))
      return hubspotError(404, 'OBJECT_NOT_FOUND', `No route for ${call.method} ${call.path}`);
    const token = bearerToken(call);
    if (!token || (options.apiKey !== undefined && token !== options.apiKey)) return unauthorized();
    if (listing) return list();
    if (!isObject(call.body) || !Array.isArray(call.body.inputs))
      return hubspotError(400, 'VALIDATION_ERROR', 'Invalid input JSON on line 1, column 1: "inputs" is required');
    const inputs = call.body.inputs;
    if (inputs.length === 0 || inputs.length > 100)
      return hubspotError(400, 'VALIDATION_ERROR', 'Batch input must contain between 1 and 100 inputs');
    const seen = new Set<string>();
    const duplicates: string[] = [];
    const parsed: { key: string; email: string; properties: Record<string, string> }[] = [];
    for (const input of inputs) {
      if (!isObject(input) || typeof input.id !== 'string' || !isObject(input.properties))
        return hubspotError(400, 'VALIDATION_ERROR', 'Each input needs an "id" and a "properties" object');
      if (input.idProperty !== 'email')
        return hubspotError(400, 'VALIDATION_ERROR', 'This fake upserts contacts by idProperty "email" only');
      if (!EMAIL.test(input.id))
        return hubspotError(400, 'VALIDATION_ERROR', `Property values were not valid: email "${input.id}"`);
      const properties: Record<string, string> = {};
      for (const [name, value] of Object.entries(input.properties)) {
        if (known && !known.has(name))
          return hubspotError(400, 'VALIDATION_ERROR', `Property "${name}" does not exist`, {
            errors: [{ message: `Property "${name}" does not exist`, code: 'PROPERTY_DOESNT_EXIST' }],
          });
        properties[name] = String(value);
      }
      const key = emailKey(input.id);
      if (seen.has(key)) duplicates.push(input.id);
      seen.add(key);
      parsed.push({ key, email: input.id, properties });
    }
    if (duplicates.length > 0)
      return hubspotError(
        400,
        'VALIDATION_ERROR',
        `Duplicate IDs found in batch input: [${duplicates.join(', ')}]. IDs must be unique`,
      );
    const now = new Date().toISOString();
    const startedAt = now;
    const results = parsed.map(({ key, email, properties }) => {
      const existing = contacts.get(key);
      const record: FakeHubSpotContact = existing ?? {
        id: String(nextId++),
        properties: {},
        createdAt: now,
        updatedAt: now,
        updates: -1,
      };
      record.properties = {
        ...record.properties,
        ...properties,
        email: existing?.properties.email ?? email.toLowerCase(),
      };
      record.updatedAt = now;
      record.updates += 1;
      contacts.set(key, record);
      return {
        id: record.id,
        properties: {
          ...record.properties,
          hs_object_id: record.id,
          createdate: record.createdAt,
          lastmodifieddate: record.updatedAt,
        },
        createdAt: record.createdAt,
        updatedAt: record.updatedAt,
        archived: false,
        new: !existing,
      };
    });
    return { status: 200, body: { status: 'COMPLETE', results, startedAt, completedAt: new Date().toISOString() } };
  };

  const controls = await startFakeService(
    {
      unauthorized,
      rateLimited: (retryAfter) => ({
        status: 429,
        headers: {
          'x-hubspot-ratelimit-max': '100',
          'x-hubspot-ratelimit-remaining': '0',
          'x-hubspot-ratelimit-interval-milliseconds': '10000',
          ...(retryAfter === null ? {} : { 'retry-after': retryAfter }),
        },
        body: {
          status: 'error',
          message: 'You have reached your ten_secondly_rolling limit.',
          errorType: 'RATE_LIMIT',
          correlationId: randomUUID(),
          policyName: 'TEN_SECONDLY_ROLLING',
        },
      }),
      server: (status) => hubspotError(status, 'INTERNAL_ERROR', 'internal error'),
    },
    route,
    options,
  );

  return extendFake(controls, {
    baseUrl: controls.url,
    contacts,
    reset() {
      controls.clearScripts();
      controls.requests.length = 0;
      contacts.clear();
      nextId = 1001;
    },
  });
}
