import {
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
 * Loopback Brevo `POST /v3/contacts` with Brevo's answers: 201 {id} for a new address, 204 for an existing one
 * with `updateEnabled: true` (attributes merged, lists added), 400 `duplicate_parameter` for an existing one
 * without it, 400 `invalid_parameter` for a bad e-mail or SMS, 401 `unauthorized` for a missing or wrong
 * `api-key`. The store holds one contact per address (case-insensitive), as Brevo does.
 */

export interface FakeBrevoOptions extends FakeServiceOptions {
  /** When set, any other key gets 401. Default: any non-empty key. */
  apiKey?: string;
}

export interface FakeBrevoContact {
  id: number;
  email: string;
  attributes: Record<string, unknown>;
  listIds: number[];
  /** Times an upsert updated it after creation. */
  updates: number;
}

export interface FakeBrevoServer extends FakeServiceControls {
  /** `BREVO_API_BASE_URL`: `<url>/v3`. */
  readonly baseUrl: string;
  /** Keyed by lower-cased e-mail. */
  readonly contacts: Map<string, FakeBrevoContact>;
  reset(): void;
}

const error = (status: number, code: string, message: string, headers?: Record<string, string>): FakeAnswer => ({
  status,
  headers,
  body: { code, message },
});

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export async function startFakeBrevoServer(options: FakeBrevoOptions = {}): Promise<FakeBrevoServer> {
  const contacts = new Map<string, FakeBrevoContact>();
  let nextId = 1;

  const route = (call: RecordedCall): FakeAnswer => {
    if (call.path !== '/v3/contacts' || call.method !== 'POST')
      return error(404, 'not_found', `Invalid route ${call.method} ${call.path}`);
    const key = call.headers['api-key'];
    if (!key || (options.apiKey !== undefined && key !== options.apiKey))
      return error(401, 'unauthorized', 'Key not found');
    const body = call.body;
    if (!isObject(body)) return error(400, 'bad_request', 'Input must be a valid JSON object');
    const email = typeof body.email === 'string' ? body.email : '';
    if (!EMAIL.test(email)) return error(400, 'invalid_parameter', 'Invalid email address');
    const attributes = isObject(body.attributes) ? body.attributes : {};
    const sms = attributes.SMS;
    if (sms !== undefined && (typeof sms !== 'string' || !/^\+?\d{8,15}$/.test(sms)))
      return error(400, 'invalid_parameter', 'Invalid phone number');
    const listIds = body.listIds;
    if (listIds !== undefined && (!Array.isArray(listIds) || !listIds.every((id) => Number.isInteger(id) && id > 0)))
      return error(400, 'invalid_parameter', 'listIds should be an array of positive integers');
    const lists = (listIds ?? []) as number[];
    const existing = contacts.get(emailKey(email));
    if (existing) {
      if (body.updateEnabled !== true) return error(400, 'duplicate_parameter', 'Contact already exist');
      existing.attributes = { ...existing.attributes, ...attributes };
      existing.listIds = [...new Set([...existing.listIds, ...lists])];
      existing.updates += 1;
      return { status: 204 };
    }
    const id = nextId++;
    contacts.set(emailKey(email), {
      id,
      email,
      attributes: { ...attributes },
      listIds: [...new Set(lists)],
      updates: 0,
    });
    return { status: 201, body: { id } };
  };

  const controls = await startFakeService(
    {
      unauthorized: () => error(401, 'unauthorized', 'Key not found'),
      rateLimited: (retryAfter) => {
        const reset = retryAfter !== null && /^\d+$/.test(retryAfter) ? retryAfter : '1';
        return error(429, 'too_many_requests', 'The expected rate limit is exceeded.', {
          'x-sib-ratelimit-limit': '10',
          'x-sib-ratelimit-remaining': '0',
          'x-sib-ratelimit-reset': reset,
          ...(retryAfter === null ? {} : { 'retry-after': retryAfter }),
        });
      },
      server: (status) => error(status, 'internal_error', 'Internal server error'),
    },
    route,
    options,
  );

  return extendFake(controls, {
    baseUrl: `${controls.url}/v3`,
    contacts,
    reset() {
      controls.clearScripts();
      controls.requests.length = 0;
      contacts.clear();
      nextId = 1;
    },
  });
}
