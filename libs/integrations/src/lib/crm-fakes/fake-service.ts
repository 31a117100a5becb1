import { setMaxListeners } from 'node:events';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * The loopback server under the four WF8 fakes (DeBounce, Brevo, HubSpot, n8n): records every request, adds
 * latency, caps concurrency the way DeBounce does, and plays scripted faults in each service's own shapes.
 */

export interface RecordedCall {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Lower-case names, as node gives them. */
  headers: Record<string, string>;
  /** Parsed JSON; null when the body was not JSON; undefined when there was none. */
  body: unknown;
  /** `performance.now()` at arrival, for spacing and Retry-After assertions. */
  receivedAt: number;
  /** What the fake answered; null while it has not (or never will: `hang`). */
  status: number | null;
}

/** One scripted answer, taken by the next request(s) in arrival order. */
export type FakeFault =
  /** The service's own 401 (n8n: 403 for a wrong secret is the route's; this is the 401 for a missing one). */
  | { type: 'unauthorized' }
  /** The service's documented 429. `retryAfter`: seconds or an HTTP-date for `Retry-After`; null sends none. Default 1. */
  | { type: 'rate_limited'; retryAfter?: number | string | null }
  /** 5xx (default 500) in the service's error shape. */
  | { type: 'server'; status?: number }
  /** HTTP 200, JSON content type, body cut off mid-object. */
  | { type: 'malformed' }
  /** Never answers. `afterApply`: the request takes effect first (a write the client never hears about). */
  | { type: 'hang'; afterApply?: boolean }
  /** Waits, then answers normally (or not at all if the client gave up). */
  | { type: 'delay'; ms: number }
  /** Any other answer, verbatim. */
  | { type: 'http'; status: number; body?: unknown; headers?: Record<string, string> };

export interface FakeAnswer {
  status: number;
  headers?: Record<string, string>;
  /** Sent as JSON; omitted for 204. */
  body?: unknown;
  /** Sent verbatim with a JSON content type (malformed bodies). */
  raw?: string;
}

/** How one service words its errors. */
export interface FakeServiceShapes {
  unauthorized(): FakeAnswer;
  rateLimited(retryAfter: string | null): FakeAnswer;
  server(status: number): FakeAnswer;
  /** The answer when more than `maxConcurrent` requests are in flight; default: `rateLimited(null)`. */
  tooManyConcurrent?(): FakeAnswer;
}

export interface FakeServiceOptions {
  /** Added before every answer; 50 for the delivery benchmark. Also settable later (`latencyMs`). Default 0. */
  latencyMs?: number;
  /** More requests than this in flight get the service's 429. Default unlimited. */
  maxConcurrent?: number;
  /** Default 0 (any free port). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
}

/** What every fake exposes, next to its own store. */
export interface FakeServiceControls {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  readonly requests: RecordedCall[];
  latencyMs: number;
  maxConcurrent: number;
  /** The next `times` requests (default 1) get `fault`; scripts queue up in order. */
  script(fault: FakeFault, times?: number): void;
  clearScripts(): void;
  /** Requests scripted but not yet played. */
  readonly pendingScripts: number;
  close(): Promise<void>;
}

export type FakeRoute = (call: RecordedCall) => FakeAnswer;

interface QueuedFault {
  fault: FakeFault;
  remaining: number;
}

export async function startFakeService(
  shapes: FakeServiceShapes,
  route: FakeRoute,
  options: FakeServiceOptions = {},
): Promise<FakeServiceControls> {
  const requests: RecordedCall[] = [];
  const queue: QueuedFault[] = [];
  const shutdown = new AbortController();
  // Every delayed or hanging request listens for shutdown; a 50-way benchmark is not a leak.
  setMaxListeners(0, shutdown.signal);
  const state = {
    latencyMs: options.latencyMs ?? 0,
    maxConcurrent: options.maxConcurrent ?? Number.POSITIVE_INFINITY,
  };
  let inFlight = 0;

  const takeFault = (): FakeFault | null => {
    const head = queue[0];
    if (!head) return null;
    head.remaining -= 1;
    if (head.remaining <= 0) queue.shift();
    return head.fault;
  };

  const answerFor = (fault: FakeFault, call: RecordedCall): FakeAnswer | 'hang' => {
    switch (fault.type) {
      case 'unauthorized':
        return shapes.unauthorized();
      case 'rate_limited': {
        const value = fault.retryAfter === undefined ? 1 : fault.retryAfter;
        return shapes.rateLimited(value === null ? null : String(value));
      }
      case 'server':
        return shapes.server(fault.status ?? 500);
      case 'malformed':
        return { status: 200, raw: '{"results": [{"id": "cut off' };
      case 'hang':
        if (fault.afterApply) route(call);
        return 'hang';
      case 'http':
        return { status: fault.status, body: fault.body, headers: fault.headers };
      case 'delay':
        return route(call);
    }
  };

  const send = (res: ServerResponse, call: RecordedCall, answer: FakeAnswer): void => {
    if (res.destroyed || res.writableEnded) return;
    call.status = answer.status;
    const headers: Record<string, string> = { ...answer.headers };
    if (answer.status === 204) {
      res.writeHead(204, headers);
      res.end();
      return;
    }
    headers['content-type'] = 'application/json; charset=utf-8';
    res.writeHead(answer.status, headers);
    res.end(answer.raw ?? (answer.body === undefined ? '' : JSON.stringify(answer.body)));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const receivedAt = performance.now();
    inFlight += 1;
    try {
      const url = new URL(req.url ?? '/', 'http://fake.invalid');
      const raw = await readBody(req);
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers))
        if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
      const call: RecordedCall = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers,
        body: raw.length > 0 ? parseBody(raw) : undefined,
        receivedAt,
        status: null,
      };
      requests.push(call);
      const overloaded = inFlight > state.maxConcurrent;
      if (state.latencyMs > 0) await pause(state.latencyMs, shutdown.signal);
      if (overloaded)
        return send(res, call, shapes.tooManyConcurrent ? shapes.tooManyConcurrent() : shapes.rateLimited(null));
      const fault = takeFault();
      if (fault?.type === 'delay') await pause(fault.ms, shutdown.signal);
      const answer = fault ? answerFor(fault, call) : route(call);
      if (answer === 'hang') {
        // Held until the client gives up or the fake closes.
        await new Promise<void>((resolve) => {
          res.once('close', resolve);
          shutdown.signal.addEventListener('abort', () => resolve(), { once: true });
        });
        return;
      }
      send(res, call, answer);
    } finally {
      inFlight -= 1;
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent || res.destroyed) return;
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`fake failed: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port, address } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;

  return {
    url: `http://${host}:${port}`,
    requests,
    get latencyMs() {
      return state.latencyMs;
    },
    set latencyMs(ms: number) {
      state.latencyMs = Math.max(0, ms);
    },
    get maxConcurrent() {
      return state.maxConcurrent;
    },
    set maxConcurrent(limit: number) {
      state.maxConcurrent = limit > 0 ? limit : Number.POSITIVE_INFINITY;
    },
    script(fault: FakeFault, times = 1) {
      if (times > 0) queue.push({ fault, remaining: times });
    },
    clearScripts() {
      queue.length = 0;
    },
    get pendingScripts() {
      return queue.reduce((sum, item) => sum + item.remaining, 0);
    },
    async close() {
      shutdown.abort();
      // Keep-alive sockets from fetch() would hold close() open.
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function pause(ms: number, signal: AbortSignal): Promise<void> {
  await sleep(ms, undefined, { signal }).catch(() => undefined);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseBody(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return null;
  }
}

export function bearerToken(call: RecordedCall): string | null {
  const match = /^Bearer\s+(.+)$/i.exec(call.headers.authorization ?? '');
  return match ? match[1].trim() : null;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The store key for an address: e-mail is case-insensitive at every one of these services. */
export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}

/** Adds a fake's own store and accessors to the shared controls; unlike Object.assign, getters stay live. */
export function extendFake<T extends object, E extends object>(base: T, extra: E): T & E {
  Object.defineProperties(base, Object.getOwnPropertyDescriptors(extra));
  return base as T & E;
}
