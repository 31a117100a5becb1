import { getEventListeners } from 'node:events';
import { ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { AddressInfo, createServer as createNetServer, Socket } from 'node:net';
import { brotliCompressSync, gzipSync } from 'node:zlib';

import { SafeFetcher, SafeFetchTestOptions } from './safe-fetch';
import { closedPort, failure, LocalServer, selfSignedCertificate, serveRoutes } from './safe-fetch.test-support';
import { parseConnectTo, SafeFetchOptions } from './safe-fetch.types';

// Issue 12: the fetcher against hostile servers. Each block is a regression test for one defect of the issue.

const UA = 'CurationPipelineBot/1.0 (+https://example.com/bot)';
const PAGE = 'hello from the fixture\n'.repeat(100);

/** `layers` gzip layers around PAGE, and the Content-Encoding header that says so. */
function stackedGzip(layers: number): { body: Buffer; header: string } {
  let body: Buffer = Buffer.from(PAGE);
  for (let i = 0; i < layers; i += 1) body = gzipSync(body, { level: 1 });
  return { body, header: Array.from({ length: layers }, () => 'gzip').join(', ') };
}

const STACKED = stackedGzip(1_200);
const TWO_LAYER_BOMB = gzipSync(gzipSync(Buffer.alloc(8 * 1024 * 1024)));

function coded(res: ServerResponse, header: string, body: Buffer): void {
  res.setHeader('content-encoding', header);
  res.end(body);
}

/** Writes the first bytes at once and the rest only after 20 s (the tests stop it long before). */
function stalling(res: ServerResponse, first: Buffer | string = 'first part'): void {
  res.write(first);
  const timer = setTimeout(() => res.end('rest'), 20_000);
  res.on('close', () => clearTimeout(timer));
}

let site: LocalServer;
/** Responses of /slow-body the client closed before their end. */
let slowBodyClosed = 0;
const fetchers: SafeFetcher[] = [];

function fetcher(options: Partial<SafeFetchOptions> & SafeFetchTestOptions = {}): SafeFetcher {
  const created = new SafeFetcher({
    userAgent: UA,
    allowLoopback: true,
    connectTo: parseConnectTo(
      `shop.example.test:80:127.0.0.1:${site.port},shop.example.test:8080:127.0.0.1:${site.port},other.example.test:80:127.0.0.1:${site.port}`,
    ),
    connectTimeoutMs: 2_000,
    totalTimeoutMs: 4_000,
    maxBytes: 1024 * 1024,
    ...options,
  });
  fetchers.push(created);
  return created;
}

beforeAll(async () => {
  site = await serveRoutes({
    '/ok': (_req, res) => res.end(PAGE),
    '/half-mib': (_req, res) => res.end(Buffer.alloc(512 * 1024, 'h')),
    '/stacked-1200': (_req, res) => coded(res, STACKED.header, STACKED.body),
    '/stacked-3': (_req, res) => coded(res, 'gzip, gzip, gzip', gzipSync(gzipSync(gzipSync(PAGE)))),
    '/two-codings': (_req, res) => coded(res, 'gzip, br', brotliCompressSync(gzipSync(PAGE))),
    '/two-layer-bomb': (_req, res) => coded(res, 'gzip, gzip', TWO_LAYER_BOMB),
    '/compress': (_req, res) => coded(res, 'compress', Buffer.from(PAGE)),
    '/zstd': (_req, res) => coded(res, 'zstd', Buffer.from(PAGE)),
    '/slow-headers': (_req, res) => {
      const timer = setTimeout(() => res.end('late'), 20_000);
      res.on('close', () => clearTimeout(timer));
    },
    '/slow-body': (_req, res) => {
      res.on('close', () => (slowBodyClosed += 1));
      stalling(res);
    },
    '/slow-big-body': (_req, res) => stalling(res, Buffer.alloc(64 * 1024, 's')),
    '/to-8080': (_req, res) => {
      res.statusCode = 302;
      res.setHeader('location', 'http://shop.example.test:8080/ok');
      res.end();
    },
    '/chunked-mib': (_req, res) => {
      for (let i = 0; i < 16; i += 1) res.write(Buffer.alloc(64 * 1024, 'c'));
      res.end();
    },
    '/stream': (_req, res) => {
      // 2 MiB in 64 KiB chunks, no Content-Length: over the buffered cap of these tests, under the stream cap.
      for (let i = 0; i < 32; i += 1) res.write(Buffer.alloc(64 * 1024, 'x'));
      res.end();
    },
  });
});

afterAll(async () => {
  await site.close();
});

afterEach(async () => {
  await Promise.all(fetchers.splice(0).map((created) => created.close()));
  site.paths.length = 0;
  slowBodyClosed = 0;
});

describe('content codings (defect 12: 1,200 stacked gzip layers cost 4.7 s of CPU)', () => {
  it('refuses 1,200 stacked gzip layers without decoding one', async () => {
    const started = performance.now();
    const error = await failure(fetcher().fetch('http://shop.example.test/stacked-1200'));
    expect(error).toMatchObject({ code: 'UNSUPPORTED_ENCODING', url: 'http://shop.example.test/stacked-1200' });
    expect(error.message).toBe(
      'http://shop.example.test/stacked-1200 cannot be read: 1200 content codings are stacked (at most 2 are undone)',
    );
    // Decoding 1,200 layers took seconds; refusing takes a header parse. 1 s is a wide margin on a shared machine.
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('refuses three layers and decodes two', async () => {
    expect((await failure(fetcher().fetch('http://shop.example.test/stacked-3'))).code).toBe('UNSUPPORTED_ENCODING');
    const response = await fetcher().fetch('http://shop.example.test/two-codings');
    expect(response.body.toString()).toBe(PAGE);
  });

  it.each(['compress', 'zstd'])('refuses the unknown coding %s instead of passing it through', async (coding) => {
    const error = await failure(fetcher().fetch(`http://shop.example.test/${coding}`));
    expect(error.code).toBe('UNSUPPORTED_ENCODING');
    expect(error.message).toBe(
      `http://shop.example.test/${coding} cannot be read: the content coding "${coding}" is not supported (only gzip, deflate and br)`,
    );
  });

  it('still caps the decoded size of two layers', async () => {
    const error = await failure(fetcher().fetch('http://shop.example.test/two-layer-bomb'));
    expect(error.code).toBe('TOO_LARGE');
    expect(error.message).toBe(
      'http://shop.example.test/two-layer-bomb is larger than 1048576 bytes: the body inflates past the limit (gzip, gzip)',
    );
  });
});

describe('signal (Deliver 3: the item deadline reaches the fetcher)', () => {
  it('aborts a slow body and says why', async () => {
    const started = performance.now();
    const error = await failure(
      fetcher({ totalTimeoutMs: 3_000 }).fetch('http://shop.example.test/slow-body', {
        signal: AbortSignal.timeout(100),
      }),
    );
    expect(error).toMatchObject({ code: 'TIMEOUT', details: { aborted: true } });
    expect(error.message).toMatch(
      /^http:\/\/shop\.example\.test\/slow-body was stopped after \d+ ms: The operation was aborted due to timeout$/,
    );
    // The total timeout is 3 s; the signal stops the call at 100 ms.
    expect(performance.now() - started).toBeLessThan(1_500);
  });

  it('aborts a wait for headers with the caller reason', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('item deadline of 100 ms passed')), 100);
    const error = await failure(
      fetcher({ totalTimeoutMs: 3_000 }).fetch('http://shop.example.test/slow-headers', { signal: controller.signal }),
    );
    expect(error.code).toBe('TIMEOUT');
    expect(error.message).toMatch(/was stopped after \d+ ms: item deadline of 100 ms passed$/);
  });

  it('sends nothing when the signal has already aborted', async () => {
    const error = await failure(
      fetcher().fetch('http://shop.example.test/ok', { signal: AbortSignal.abort(new Error('shutting down')) }),
    );
    expect(error.code).toBe('TIMEOUT');
    expect(error.message).toMatch(/shutting down$/);
    expect(site.paths).toEqual([]);
  });

  it('leaves no listener on a long-lived signal', async () => {
    const shutdown = new AbortController();
    const client = fetcher();
    for (let i = 0; i < 20; i += 1)
      await client.fetch(`http://shop.example.test/ok?n=${i}`, { signal: shutdown.signal });
    await failure(client.fetch('http://shop.example.test/compress', { signal: shutdown.signal }));
    expect(getEventListeners(shutdown.signal, 'abort')).toHaveLength(0);
  });
});

describe('maxBytes per call', () => {
  it('caps this call below the fetcher cap', async () => {
    const client = fetcher();
    const error = await failure(client.fetch('http://shop.example.test/half-mib', { maxBytes: 100 * 1024 }));
    expect(error.code).toBe('TOO_LARGE');
    expect(error.message).toBe(
      'http://shop.example.test/half-mib is larger than 102400 bytes: the body declares 524288 bytes',
    );
    expect((await client.fetch('http://shop.example.test/half-mib')).bytes).toBe(512 * 1024);
  });

  it('never raises the fetcher cap', async () => {
    const error = await failure(
      fetcher({ maxBytes: 100 * 1024 }).fetch('http://shop.example.test/half-mib', { maxBytes: 10 * 1024 * 1024 }),
    );
    expect(error.message).toMatch(/is larger than 102400 bytes/);
  });
});

describe('host gate waits are bounded (Deliver 3)', () => {
  it('fails a request queued behind a stuck one after maxHostWaitMs, and the gate recovers', async () => {
    const client = fetcher({ perHostConcurrency: 1, maxHostWaitMs: 200, totalTimeoutMs: 1_500 });
    const stuck = failure(client.fetch('http://shop.example.test/slow-headers'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = performance.now();
    const queued = await failure(client.fetch('http://shop.example.test/ok'));
    // The host was busy: worth retrying, and not the caller's doing.
    expect(queued).toMatchObject({ code: 'TIMEOUT', details: {} });
    expect(queued.details.aborted).toBeUndefined();
    expect(queued.message).toBe(
      'http://shop.example.test/ok waited more than 200 ms for a turn at shop.example.test (at most 1 requests per host at once)',
    );
    expect(performance.now() - started).toBeLessThan(1_000);
    expect((await stuck).code).toBe('TIMEOUT');
    // The slot went back: the next request runs at once.
    expect((await client.fetch('http://shop.example.test/ok')).status).toBe(200);
    expect(site.paths.filter((path) => path === '/ok')).toHaveLength(1);
  });

  it('a queued request leaves when its signal aborts', async () => {
    const client = fetcher({ perHostConcurrency: 1, totalTimeoutMs: 1_500 });
    const stuck = failure(client.fetch('http://shop.example.test/slow-headers'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const error = await failure(client.fetch('http://shop.example.test/ok', { signal: AbortSignal.timeout(100) }));
    expect(error.message).toMatch(
      /^http:\/\/shop\.example\.test\/ok was stopped after waiting \d+ ms for a turn at shop\.example\.test: /,
    );
    expect(error.details.aborted).toBe(true);
    await stuck;
    expect((await client.fetch('http://shop.example.test/ok')).status).toBe(200);
  });
});

describe('body memory budget (defect 7)', () => {
  it('makes a body wait while others hold the budget, until its signal gives up', async () => {
    // The stalled chunked body holds its first 256 KiB; a body declaring 512 KiB does not fit beside it in 512 KiB.
    const client = fetcher({ maxInflightBytes: 512 * 1024, totalTimeoutMs: 1_000 });
    const holder = failure(client.fetch('http://shop.example.test/slow-big-body'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const waiting = await failure(
      client.fetch('http://other.example.test/half-mib', { signal: AbortSignal.timeout(300) }),
    );
    expect(waiting.code).toBe('TIMEOUT');
    expect(waiting.message).toMatch(
      /^http:\/\/other\.example\.test\/half-mib was stopped after \d+ ms while waiting for memory to read its body: /,
    );
    // The server had answered at once; only the budget held the body back.
    expect(site.paths).toContain('/half-mib');
    expect((await holder).code).toBe('TIMEOUT');
    // Released: a body now gets the budget at once.
    expect((await client.fetch('http://other.example.test/half-mib')).bytes).toBe(512 * 1024);
  });

  it('holds what a body has read, not its cap', async () => {
    const client = fetcher({ maxInflightBytes: 800 * 1024, totalTimeoutMs: 1_000 });
    const holder = failure(client.fetch('http://shop.example.test/slow-big-body'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    // The stalled body may grow to 1 MiB but holds 256 KiB; a body that declares 512 KiB fits in the 544 KiB left.
    expect((await client.fetch('http://other.example.test/half-mib')).bytes).toBe(512 * 1024);
    await holder;
  });

  it('grows a chunked body past its first hold and gives everything back', async () => {
    const client = fetcher({ maxInflightBytes: 4 * 1024 * 1024 });
    const bodies = await Promise.all([1, 2, 3].map((n) => client.fetch(`http://shop.example.test/chunked-mib?n=${n}`)));
    expect(bodies.map((body) => body.bytes)).toEqual([1024 * 1024, 1024 * 1024, 1024 * 1024]);
    expect(bodies[0].body.equals(Buffer.alloc(1024 * 1024, 'c'))).toBe(true);
  });
});

describe('ports (Deliver 8: 80 and 443 only)', () => {
  it('refuses a URL on port 8080 without connecting, even when connect-to maps it', async () => {
    const error = await failure(fetcher().fetch('http://shop.example.test:8080/ok'));
    expect(error.code).toBe('BLOCKED_ADDRESS');
    expect(error.message).toBe('refused http://shop.example.test:8080/ok: port 8080 is not fetched (only 80, 443)');
    expect(site.paths).toEqual([]);
  });

  it('refuses a redirect to another port', async () => {
    const error = await failure(fetcher().fetch('http://shop.example.test/to-8080'));
    expect(error.message).toBe('refused http://shop.example.test:8080/ok: port 8080 is not fetched (only 80, 443)');
    expect(site.paths).toEqual(['/to-8080']);
  });

  it('fetches a port that is configured', async () => {
    expect((await fetcher({ allowedPorts: [80, 443, 8080] }).fetch('http://shop.example.test:8080/ok')).status).toBe(
      200,
    );
  });

  it('lets loopback URLs use any port only while loopback is allowed (tests)', async () => {
    expect((await fetcher().fetch(`http://127.0.0.1:${site.port}/ok`)).status).toBe(200);
    expect(
      (await failure(fetcher({ allowLoopback: false }).fetch(`http://127.0.0.1:${site.port}/ok`))).message,
    ).toMatch(/port \d+ is not fetched/);
  });
});

describe('no resolved address in messages (defect 13)', () => {
  it('names the category of a refused address and keeps the address in details', async () => {
    const error = await failure(
      fetcher({ lookup: async () => ['10.20.30.40'], connectTo: [] }).fetch('http://intranet.example.test/'),
    );
    expect(error.message).toBe(
      'refused http://intranet.example.test/: intranet.example.test resolves to a private network address',
    );
    expect(error.message).not.toContain('10.20.30.40');
    expect(error.details.address).toBe('10.20.30.40');
  });

  it('says "connection refused" without the dialled address', async () => {
    const port = await closedPort();
    const error = await failure(
      fetcher({ connectTo: parseConnectTo(`down.example.test:80:127.0.0.1:${port}`) }).fetch(
        'http://down.example.test/',
      ),
    );
    expect(error.message).toBe('could not connect to http://down.example.test/: connection refused (ECONNREFUSED)');
    expect(error.message).not.toContain('127.0.0.1');
  });

  it('names the kind of an IPv4-mapped address, not the address it carries', async () => {
    const error = await failure(
      fetcher({ allowLoopback: false, lookup: async () => ['::ffff:192.168.1.9'], connectTo: [] }).fetch(
        'http://mapped.example.test/',
      ),
    );
    expect(error.message).toBe(
      'refused http://mapped.example.test/: mapped.example.test resolves to a private network address (IPv4-mapped)',
    );
    expect(error.message).not.toMatch(/192\.168/);
  });
});

describe('https falls back to http only when nothing listens on 443 (Deliver 8)', () => {
  let https: LocalServer;

  beforeAll(async () => {
    https = await serveRoutes(
      { '/ok': (_req, res) => res.end('over https') },
      createHttpsServer(selfSignedCertificate('secure.example.test')),
    );
  });

  afterAll(async () => {
    await https.close();
  });

  it('does not fetch http after a certificate error', async () => {
    const connectTo = parseConnectTo(
      `secure.example.test:443:127.0.0.1:${https.port},secure.example.test:80:127.0.0.1:${site.port}`,
    );
    const error = await failure(fetcher({ connectTo }).fetchSite('secure.example.test', '/ok'));
    expect(error).toMatchObject({ code: 'TLS_ERROR', url: 'https://secure.example.test/ok' });
    expect(site.paths).toEqual([]);
  });

  it('does not fetch http after an https timeout', async () => {
    // Accepts the connection and never answers the TLS handshake: something listens, so http is not tried.
    const sockets = new Set<Socket>();
    const silent = createNetServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const quiet = parseConnectTo(
      `slow.example.test:443:127.0.0.1:${(silent.address() as AddressInfo).port},slow.example.test:80:127.0.0.1:${site.port}`,
    );
    try {
      const error = await failure(
        fetcher({ connectTo: quiet, connectTimeoutMs: 300, totalTimeoutMs: 600 }).fetchSite('slow.example.test', '/ok'),
      );
      expect(error.code).toBe('TIMEOUT');
      expect(error.url).toBe('https://slow.example.test/ok');
      expect(site.paths).toEqual([]);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('fetches http when https is refused', async () => {
    const port = await closedPort();
    const connectTo = parseConnectTo(
      `plain.example.test:443:127.0.0.1:${port},plain.example.test:80:127.0.0.1:${site.port}`,
    );
    expect((await fetcher({ connectTo }).fetchSite('plain.example.test', '/ok')).url).toBe(
      'http://plain.example.test/ok',
    );
  });
});

describe('fetchStream', () => {
  it('streams a body larger than the buffered cap and frees the host slot afterwards', async () => {
    const client = fetcher({ perHostConcurrency: 1 });
    let bytes = 0;
    const status = await client.fetchStream('http://shop.example.test/stream', {}, async (response) => {
      for await (const chunk of response.body) bytes += (chunk as Buffer).length;
      return response.status;
    });
    expect({ status, bytes }).toEqual({ status: 200, bytes: 2 * 1024 * 1024 });
    // One slot per host: a second call would wait forever if the first still held it.
    expect((await client.fetch('http://shop.example.test/ok', { signal: AbortSignal.timeout(2_000) })).status).toBe(
      200,
    );
  });

  it('undoes content codings while streaming', async () => {
    const text = await fetcher().fetchStream('http://shop.example.test/two-codings', {}, async (response) => {
      const chunks: Buffer[] = [];
      for await (const chunk of response.body) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString();
    });
    expect(text).toBe(PAGE);
  });

  it('fails the body with TOO_LARGE past the call cap, as a SafeFetchError', async () => {
    const error = await failure(
      fetcher().fetchStream('http://shop.example.test/stream', { maxBytes: 256 * 1024 }, async (response) => {
        for await (const _chunk of response.body) void _chunk;
      }),
    );
    expect(error.code).toBe('TOO_LARGE');
    expect(error.message).toBe('http://shop.example.test/stream is larger than 262144 bytes: the body exceeds it');
  });

  it('stops a stalled stream with the signal', async () => {
    const started = performance.now();
    const error = await failure(
      fetcher().fetchStream(
        'http://shop.example.test/slow-body',
        { signal: AbortSignal.timeout(150) },
        async (response) => {
          for await (const _chunk of response.body) void _chunk;
        },
      ),
    );
    expect(error.code).toBe('TIMEOUT');
    expect(error.message).toMatch(/was stopped after \d+ ms/);
    expect(performance.now() - started).toBeLessThan(1_500);
  });

  it('ends the download when the consumer returns without reading', async () => {
    const client = fetcher({ perHostConcurrency: 1 });
    const status = await client.fetchStream(
      'http://shop.example.test/slow-body',
      {},
      async (response) => response.status,
    );
    expect(status).toBe(200);
    // The server sees its response closed (not left paused with the socket open until the stall ends), and the host slot is free.
    for (let waited = 0; slowBodyClosed === 0 && waited < 2_000; waited += 20)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(slowBodyClosed).toBe(1);
    expect((await client.fetch('http://shop.example.test/ok', { signal: AbortSignal.timeout(2_000) })).status).toBe(
      200,
    );
  });

  it('refuses stacked codings before handing anything over', async () => {
    const consume = jest.fn(async () => undefined);
    expect((await failure(fetcher().fetchStream('http://shop.example.test/stacked-3', {}, consume))).code).toBe(
      'UNSUPPORTED_ENCODING',
    );
    expect(consume).not.toHaveBeenCalled();
  });
});
