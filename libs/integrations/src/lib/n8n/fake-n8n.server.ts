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
 * Loopback n8n webhook node (production URL, header auth, "respond immediately"): 200 {"message": "Workflow was
 * started"}; 401 "Authorization is required!" without a header, 403 "Authorization data is wrong!" with a wrong
 * one; 404 "not registered" for another path or method. Deliveries are kept per `Idempotency-Key`: a repeat with
 * the same payload starts no new execution; a repeat with a different payload is recorded in `conflicts`.
 */

export interface FakeN8nOptions extends FakeServiceOptions {
  /** Default `/webhook/contact-enrichment`. */
  path?: string;
  /** When set, requests must carry `Authorization: Bearer <secret>`. */
  secret?: string;
}

export interface FakeN8nExecution {
  idempotencyKey: string | null;
  payload: unknown;
}

export interface FakeN8nDelivery {
  payload: unknown;
  /** Requests that carried this key, the first included. */
  received: number;
}

export interface FakeN8nConflict {
  idempotencyKey: string;
  first: unknown;
  later: unknown;
}

export interface FakeN8nServer extends FakeServiceControls {
  /** `N8N_WEBHOOK_URL`. */
  readonly webhookUrl: string;
  /** Workflow executions started (first delivery of each key, and every delivery without one). */
  readonly executions: FakeN8nExecution[];
  readonly deliveries: Map<string, FakeN8nDelivery>;
  /** The same key seen with a different payload: should stay empty. */
  readonly conflicts: FakeN8nConflict[];
  /** Latest executed payload per lower-cased `email`. */
  readonly contacts: Map<string, unknown>;
  reset(): void;
}

export async function startFakeN8nServer(options: FakeN8nOptions = {}): Promise<FakeN8nServer> {
  const path = options.path ?? '/webhook/contact-enrichment';
  const executions: FakeN8nExecution[] = [];
  const deliveries = new Map<string, FakeN8nDelivery>();
  const conflicts: FakeN8nConflict[] = [];
  const contacts = new Map<string, unknown>();
  const started: FakeAnswer = { status: 200, body: { message: 'Workflow was started' } };

  const execute = (idempotencyKey: string | null, payload: unknown): void => {
    executions.push({ idempotencyKey, payload });
    if (isObject(payload) && typeof payload.email === 'string') contacts.set(emailKey(payload.email), payload);
  };

  const route = (call: RecordedCall): FakeAnswer => {
    if (call.path !== path)
      return {
        status: 404,
        body: {
          code: 404,
          message: `The requested webhook "${call.method} ${call.path.replace(/^\/webhook\//, '')}" is not registered.`,
          hint: 'The workflow must be active for a production URL to run successfully.',
        },
      };
    if (call.method !== 'POST')
      return {
        status: 404,
        body: {
          code: 404,
          message: `This webhook is not registered for ${call.method} requests. Did you mean to make a POST request?`,
        },
      };
    if (options.secret !== undefined) {
      if (!call.headers.authorization) return { status: 401, body: { message: 'Authorization is required!' } };
      if (bearerToken(call) !== options.secret)
        return { status: 403, body: { message: 'Authorization data is wrong!' } };
    }
    const key = call.headers['idempotency-key'] ?? null;
    if (key === null) {
      execute(null, call.body);
      return started;
    }
    const earlier = deliveries.get(key);
    if (!earlier) {
      deliveries.set(key, { payload: call.body, received: 1 });
      execute(key, call.body);
      return started;
    }
    earlier.received += 1;
    if (JSON.stringify(earlier.payload) !== JSON.stringify(call.body))
      conflicts.push({ idempotencyKey: key, first: earlier.payload, later: call.body });
    return started;
  };

  const controls = await startFakeService(
    {
      unauthorized: () => ({ status: 401, body: { message: 'Authorization is required!' } }),
      rateLimited: (retryAfter) => ({
        status: 429,
        headers: retryAfter === null ? undefined : { 'retry-after': retryAfter },
        body: { code: 429, message: 'Too Many Requests' },
      }),
      server: (status) => ({ status, body: { code: status, message: 'Error in workflow' } }),
    },
    route,
    options,
  );

  return extendFake(controls, {
    webhookUrl: `${controls.url}${path}`,
    executions,
    deliveries,
    conflicts,
    contacts,
    reset() {
      controls.clearScripts();
      controls.requests.length = 0;
      executions.length = 0;
      deliveries.clear();
      conflicts.length = 0;
      contacts.clear();
    },
  });
}
