import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { AddressInfo } from 'node:net';
import { TLSSocket } from 'node:tls';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';

import { RobotsCache } from './robots';
import { SafeFetcher, SafeFetchTestOptions } from './safe-fetch';
import { closedPort, failure, selfSignedCertificate } from './safe-fetch.test-support';
import { parseConnectTo, SafeFetchOptions } from './safe-fetch.types';

const UA = 'CurationPipelineBot/1.0 (+https://example.com/bot)';

interface SeenRequest {
  path: string;
  host: string | undefined;
  userAgent: string | undefined;
  acceptEncoding: string | undefined;
  method: string | undefined;
  /** TLS server name the client sent (https servers only). */
  servername: string | null;
  startedAt: number;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

interface Fixture {
  port: number;
  seen: SeenRequest[];
  maxConcurrent: number;
  close(): Promise<void>;
}

const GZIP_BOMB = gzipSync(Buffer.alloc(8 * 1024 * 1024)); // ~8 KB on the wire, 8 MiB inflated
const PAGE = 'hello from the fixture\n'.repeat(100);

/** Routes shared by the http and https fixtures. */
function routes(): Record<string, Handler> {
  return {
    '/ok': (_req, res) => res.end(PAGE),
    '/robots.txt': (_req, res) =>
      res.end('User-agent: *\nDisallow: /private/\nSitemap: https://shop.example.test/sitemap.xml\n'),
    '/missing': (_req, res) => {
      res.statusCode = 404;
      res.end('not here');
    },
    '/r1': (_req, res) => redirect(res, 301, '/r2'),
    '/r2': (_req, res) => redirect(res, 302, '/ok'),
    '/loop': (_req, res) => redirect(res, 302, '/loop'),
    '/to-metadata': (_req, res) => redirect(res, 302, 'http://169.254.169.254/latest/meta-data/'),
    '/to-private': (_req, res) => redirect(res, 307, 'http://10.0.0.1/admin'),
    '/to-loopback': (_req, res) => redirect(res, 302, 'http://127.0.0.1/admin'),
    '/to-loopback-ipv6': (_req, res) => redirect(res, 308, 'http://[::ffff:127.0.0.1]:1/'),
    '/to-internal-name': (_req, res) => redirect(res, 302, 'http://internal.example.test/'),
    '/to-ftp': (_req, res) => redirect(res, 302, 'ftp://files.example.test/x'),
    '/gzip': (_req, res) => {
      res.setHeader('content-encoding', 'gzip');
      res.end(gzipSync(PAGE));
    },
    '/br': (_req, res) => {
      res.setHeader('content-encoding', 'br');
      res.end(brotliCompressSync(PAGE));
    },
    '/deflate': (_req, res) => {
      res.setHeader('content-encoding', 'deflate');
      res.end(deflateSync(PAGE));
    },
    '/deflate-raw': (_req, res) => {
      res.setHeader('content-encoding', 'deflate');
      res.end(deflateRawSync(PAGE));
    },
    '/gzip-bomb': (_req, res) => {
      res.setHeader('content-encoding', 'gzip');
      res.end(GZIP_BOMB);
    },
    '/big': (_req, res) => res.end(Buffer.alloc(2 * 1024 * 1024, 'a')),
    '/big-chunked': (_req, res) => {
      // No Content-Length: the cap must trip while streaming.
      for (let i = 0; i < 32; i += 1) res.write(Buffer.alloc(64 * 1024, 'b'));
      res.end();
    },
    '/slow-headers': (_req, res) => {
      const timer = setTimeout(() => res.end('late'), 5_000);
      res.on('close', () => clearTimeout(timer));
    },
    '/slow-body': (_req, res) => {
      res.write('first part');
      const timer = setTimeout(() => res.end('rest'), 5_000);
      res.on('close', () => clearTimeout(timer));
    },
    '/slowish': (_req, res) => {
      setTimeout(() => res.end('ok'), 60);
    },
  };
}

function redirect(res: ServerResponse, status: number, location: string): void {
  res.statusCode = status;
  res.setHeader('location', location);
  res.end('moved');
}

async function start(server: Server): Promise<Fixture> {
  const table = routes();
  const fixture: Fixture = { port: 0, seen: [], maxConcurrent: 0, close: async () => undefined };
  let active = 0;
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    active += 1;
    fixture.maxConcurrent = Math.max(fixture.maxConcurrent, active);
    res.on('close', () => (active -= 1));
    // Node sets `servername` on server-side TLS sockets but its typings omit it.
    const socket = req.socket as TLSSocket & { servername?: unknown };
    fixture.seen.push({
      path: req.url ?? '',
      host: req.headers.host,
      userAgent: req.headers['user-agent'],
      acceptEncoding: req.headers['accept-encoding'],
      method: req.method,
      servername: typeof socket.servername === 'string' ? socket.servername : null,
      startedAt: performance.now(),
    });
    const handler = table[(req.url ?? '').split('?')[0]];
    if (handler) handler(req, res);
    else {
      res.statusCode = 404;
      res.end('no such fixture route');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fixture.port = (server.address() as AddressInfo).port;
  fixture.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return fixture;
}

let http: Fixture;
const fetchers: SafeFetcher[] = [];

function fetcher(options: Partial<SafeFetchOptions> & SafeFetchTestOptions = {}): SafeFetcher {
  const created = new SafeFetcher({
    userAgent: UA,
    connectTimeoutMs: 2_000,
    totalTimeoutMs: 4_000,
    maxBytes: 1024 * 1024,
    maxRedirects: 3,
    ...options,
  });
  fetchers.push(created);
  return created;
}

beforeAll(async () => {
  http = await start(createServer());
});

afterAll(async () => {
  await http.close();
});

afterEach(async () => {
  await Promise.all(fetchers.splice(0).map((created) => created.close()));
  http.seen.length = 0;
  http.maxConcurrent = 0;
});

describe('address guard', () => {
  it('refuses 127.0.0.1 by default without sending anything', async () => {
    const error = await failure(fetcher({ allowedPorts: [http.port] }).fetch(`http://127.0.0.1:${http.port}/ok`));
    expect(error.code).toBe('BLOCKED_ADDRESS');
    expect(error.message).toBe(`refused http://127.0.0.1:${http.port}/ok: loopback address`);
    expect(error.details.address).toBe('127.0.0.1');
    expect(http.seen).toHaveLength(0);
  });

  it('refuses a name that resolves to loopback (localhost)', async () => {
    const error = await failure(fetcher({ allowedPorts: [http.port] }).fetch(`http://localhost:${http.port}/ok`));
    expect(error.code).toBe('BLOCKED_ADDRESS');
    expect(error.message).toBe(`refused http://localhost:${http.port}/ok: localhost resolves to a loopback address`);
    expect(error.details.address).toMatch(/^(127\.0\.0\.1|::1)$/);
    expect(http.seen).toHaveLength(0);
  });

  it('judges every resolved address, not only the first', async () => {
    const lookup = jest.fn(async () => ['93.184.216.34', '10.1.2.3']);
    const error = await failure(fetcher({ lookup }).fetch('http://mixed.example.test/'));
    expect(lookup).toHaveBeenCalledWith('mixed.example.test');
    expect(error.message).toBe(
      'refused http://mixed.example.test/: mixed.example.test resolves to a private network address',
    );
    expect(error.details.address).toBe('10.1.2.3');
  });

  it('reports DNS failures as DNS_FAILED', async () => {
    const lookup = async (): Promise<string[]> => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND nowhere.example.test'), { code: 'ENOTFOUND' });
    };
    const error = await failure(fetcher({ lookup }).fetch('http://nowhere.example.test/'));
    expect(error.code).toBe('DNS_FAILED');
    expect(error.message).toBe('http://nowhere.example.test/: could not resolve nowhere.example.test: ENOTFOUND');
  });

  it('fetches loopback when allowLoopback is set, with an honest User-Agent', async () => {
    const response = await fetcher({ allowLoopback: true }).fetch(`http://127.0.0.1:${http.port}/ok`);
    expect(response).toMatchObject({
      url: `http://127.0.0.1:${http.port}/ok`,
      status: 200,
      bytes: PAGE.length,
      redirects: [],
    });
    expect(response.body.toString()).toBe(PAGE);
    expect(response.headers['content-length']).toBe(String(PAGE.length));
    expect(http.seen[0]).toMatchObject({ userAgent: UA, acceptEncoding: 'gzip, deflate, br', method: 'GET' });
  });

  it('sends HEAD without reading a body', async () => {
    const response = await fetcher({ allowLoopback: true }).fetch(`http://127.0.0.1:${http.port}/ok`, {
      method: 'HEAD',
    });
    expect(response).toMatchObject({ status: 200, bytes: 0 });
    expect(http.seen[0].method).toBe('HEAD');
  });

  it.each([
    ['ftp://files.example.test/x', /only http and https/],
    ['http://user:pw@shop.example.test/', /credentials/],
    ['not a url', /is not a valid URL/],
  ])('refuses %s as INVALID_URL', async (url, message) => {
    const error = await failure(fetcher({ allowLoopback: true }).fetch(url));
    expect(error.code).toBe('INVALID_URL');
    expect(error.message).toMatch(message);
  });
});

describe('connect-to', () => {
  it('sends the TCP connection to the target and keeps the Host header of the URL', async () => {
    const connectTo = parseConnectTo(`shop.example.test:80:127.0.0.1:${http.port}`);
    const response = await fetcher({ allowLoopback: true, connectTo }).fetch('http://shop.example.test/ok');
    expect(response).toMatchObject({ url: 'http://shop.example.test/ok', status: 200 });
    expect(http.seen[0]).toMatchObject({ host: 'shop.example.test', path: '/ok' });
  });

  it('still judges the target: refused when loopback is not allowed', async () => {
    const connectTo = parseConnectTo(`shop.example.test:80:127.0.0.1:${http.port}`);
    const error = await failure(fetcher({ connectTo }).fetch('http://shop.example.test/ok'));
    expect(error.code).toBe('BLOCKED_ADDRESS');
    expect(error.message).toBe(
      'refused http://shop.example.test/ok: shop.example.test is mapped (connect-to) to a loopback address',
    );
    expect(error.details.address).toBe('127.0.0.1');
    expect(http.seen).toHaveLength(0);
  });

  it('allowLoopbackConnectTo: a rule may target loopback, every other loopback address stays refused', async () => {
    const connectTo = parseConnectTo(`shop.example.test:80:127.0.0.1:${http.port}`);
    const demo = fetcher({ allowLoopbackConnectTo: true, connectTo });
    expect(await demo.fetch('http://shop.example.test/ok')).toMatchObject({ status: 200 });
    const direct = await failure(demo.fetch('http://127.0.0.1/admin'));
    expect(direct.code).toBe('BLOCKED_ADDRESS');
    // A mapped site redirecting to a local service is refused, as it would be without the option.
    const redirected = await failure(demo.fetch('http://shop.example.test/to-loopback'));
    expect(redirected.code).toBe('BLOCKED_ADDRESS');
    expect(redirected.message).toMatch(/loopback/);
  });

  it('applies a rule to its host written with a trailing dot (no detour to real DNS)', async () => {
    const connectTo = parseConnectTo(`*.example.test:80:127.0.0.1:${http.port}`);
    const response = await fetcher({ allowLoopbackConnectTo: true, connectTo }).fetch('http://shop.example.test./ok');
    expect(response.status).toBe(200);
  });

  it('does not apply a rule for another port', async () => {
    const lookup = jest.fn(async () => ['192.168.7.7']);
    const connectTo = parseConnectTo(`shop.example.test:443:127.0.0.1:${http.port}`);
    const error = await failure(
      fetcher({ allowLoopback: true, connectTo, lookup }).fetch('http://shop.example.test/ok'),
    );
    expect(error.message).toBe(
      'refused http://shop.example.test/ok: shop.example.test resolves to a private network address',
    );
  });
});

describe('redirects', () => {
  const site = () =>
    fetcher({ allowLoopback: true, connectTo: parseConnectTo(`shop.example.test:80:127.0.0.1:${http.port}`) });

  it('follows redirects and reports the hops', async () => {
    const response = await site().fetch('http://shop.example.test/r1');
    expect(response).toMatchObject({
      url: 'http://shop.example.test/ok',
      status: 200,
      redirects: ['http://shop.example.test/r1', 'http://shop.example.test/r2'],
    });
    expect(http.seen.map((request) => request.path)).toEqual(['/r1', '/r2', '/ok']);
  });

  it.each([
    ['/to-metadata', 'refused http://169.254.169.254/latest/meta-data/: cloud metadata address'],
    ['/to-private', 'refused http://10.0.0.1/admin: private network address'],
  ])('refuses %s without trying to connect', async (path, message) => {
    const started = performance.now();
    // A connect attempt to these addresses would hang until the 2 s connect timeout or fail with EHOSTUNREACH.
    const error = await failure(site().fetch(`http://shop.example.test${path}`));
    expect(error.code).toBe('BLOCKED_ADDRESS');
    expect(error.message).toBe(message);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('refuses a redirect to a name that resolves to an internal address', async () => {
    const lookup = jest.fn(async (host: string) =>
      host === 'internal.example.test' ? ['fd00:ec2::254'] : ['93.184.216.34'],
    );
    const error = await failure(
      fetcher({
        allowLoopback: true,
        lookup,
        connectTo: parseConnectTo(`shop.example.test:80:127.0.0.1:${http.port}`),
      }).fetch('http://shop.example.test/to-internal-name'),
    );
    expect(error.message).toBe(
      'refused http://internal.example.test/: internal.example.test resolves to a cloud metadata address (EC2 IPv6)',
    );
    expect(error.details.address).toBe('fd00:ec2::254');
  });

  it('refuses a redirect to a non-http scheme', async () => {
    const error = await failure(site().fetch('http://shop.example.test/to-ftp'));
    expect(error.code).toBe('INVALID_URL');
    expect(error.message).toBe(
      'refused ftp://files.example.test/x (redirect from http://shop.example.test/to-ftp): only http and https URLs are fetched',
    );
  });

  it('stops a redirect loop at maxRedirects', async () => {
    const error = await failure(site().fetch('http://shop.example.test/loop'));
    expect(error.code).toBe('TOO_MANY_REDIRECTS');
    expect(error.message).toBe(
      'http://shop.example.test/loop redirected more than 3 times (last hop http://shop.example.test/loop → http://shop.example.test/loop)',
    );
    expect(http.seen).toHaveLength(4);
  });
});

describe('bodies', () => {
  const local = (options: Partial<SafeFetchOptions> = {}) => fetcher({ allowLoopback: true, ...options });
  const url = (path: string) => `http://127.0.0.1:${http.port}${path}`;

  it.each(['/gzip', '/br', '/deflate', '/deflate-raw'])('decodes %s', async (path) => {
    const response = await local().fetch(url(path));
    expect(response.body.toString()).toBe(PAGE);
    expect(response.bytes).toBe(PAGE.length);
  });

  it('stops a gzip bomb at maxBytes of inflated data', async () => {
    expect(GZIP_BOMB.length).toBeLessThan(64 * 1024);
    const error = await failure(local({ maxBytes: 1024 * 1024 }).fetch(url('/gzip-bomb')));
    expect(error.code).toBe('TOO_LARGE');
    expect(error.message).toBe(
      `${url('/gzip-bomb')} is larger than 1048576 bytes: the body inflates past the limit (gzip)`,
    );
  });

  it('refuses a declared Content-Length over maxBytes', async () => {
    const error = await failure(local({ maxBytes: 1024 * 1024 }).fetch(url('/big')));
    expect(error.message).toBe(`${url('/big')} is larger than 1048576 bytes: the body declares 2097152 bytes`);
  });

  it('stops a chunked body at maxBytes while streaming', async () => {
    const error = await failure(local({ maxBytes: 1024 * 1024 }).fetch(url('/big-chunked')));
    expect(error.code).toBe('TOO_LARGE');
  });

  it('times out a server that never sends headers', async () => {
    const started = performance.now();
    const error = await failure(local({ totalTimeoutMs: 300 }).fetch(url('/slow-headers')));
    expect(error.code).toBe('TIMEOUT');
    expect(error.message).toBe(`${url('/slow-headers')} did not answer within 300 ms`);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('times out a body that stalls', async () => {
    const error = await failure(local({ totalTimeoutMs: 300 }).fetch(url('/slow-body')));
    expect(error.code).toBe('TIMEOUT');
  });
});

describe('fetchSite', () => {
  it('falls back to http when nothing listens for https', async () => {
    const connectTo = parseConnectTo(
      `site.example.test:443:127.0.0.1:${await closedPort()},site.example.test:80:127.0.0.1:${http.port}`,
    );
    const response = await fetcher({ allowLoopback: true, connectTo }).fetchSite('site.example.test', '/ok');
    expect(response).toMatchObject({ url: 'http://site.example.test/ok', status: 200 });
  });

  it('does not fall back to http when the https port does not speak TLS (something listens there)', async () => {
    const connectTo = parseConnectTo(
      `site.example.test:443:127.0.0.1:${http.port},site.example.test:80:127.0.0.1:${http.port}`,
    );
    const error = await failure(fetcher({ allowLoopback: true, connectTo }).fetchSite('site.example.test', '/ok'));
    expect(error).toMatchObject({ code: 'TLS_ERROR', url: 'https://site.example.test/ok' });
    expect(error.message).toBe(
      'TLS with site.example.test failed for https://site.example.test/ok: the server does not speak TLS on this port (ERR_SSL_WRONG_VERSION_NUMBER)',
    );
    expect(http.seen).toHaveLength(0);
  });

  it('reports both attempts when http fails too', async () => {
    const port = await closedPort();
    const connectTo = parseConnectTo(`site.example.test:443:127.0.0.1:${port},site.example.test:80:127.0.0.1:${port}`);
    const error = await failure(fetcher({ allowLoopback: true, connectTo }).fetchSite('site.example.test', '/ok'));
    expect(error.code).toBe('CONNECTION_FAILED');
    expect(error.url).toBe('http://site.example.test/ok');
    expect(error.message).toBe(
      'could not connect to http://site.example.test/ok: connection refused (ECONNREFUSED) (after https failed: could not connect to https://site.example.test/ok: connection refused (ECONNREFUSED))',
    );
  });

  it('does not fall back when https is refused by the address guard', async () => {
    const connectTo = parseConnectTo(
      `site.example.test:443:127.0.0.1:${http.port},site.example.test:80:127.0.0.1:${http.port}`,
    );
    const error = await failure(fetcher({ connectTo }).fetchSite('site.example.test', '/ok'));
    expect(error).toMatchObject({ code: 'BLOCKED_ADDRESS', url: 'https://site.example.test/ok' });
  });

  it.each(['evil.example.test@127.0.0.1', 'x.example.test/y', 'x.example.test?y'])(
    'refuses the domain %s',
    async (domain) => {
      const error = await failure(fetcher().fetchSite(domain, '/'));
      expect(error.code).toBe('INVALID_URL');
    },
  );
});

describe('per-host limits', () => {
  it('keeps one request in flight per host and spaces their starts', async () => {
    const site = fetcher({ allowLoopback: true, perHostConcurrency: 1, perHostDelayMs: 150 });
    await Promise.all([1, 2, 3].map((n) => site.fetch(`http://127.0.0.1:${http.port}/slowish?n=${n}`)));
    expect(http.maxConcurrent).toBe(1);
    const starts = http.seen.map((request) => request.startedAt);
    for (let i = 1; i < starts.length; i += 1) expect(starts[i] - starts[i - 1]).toBeGreaterThanOrEqual(130);
  });

  it('runs requests to one host in parallel up to the limit', async () => {
    const site = fetcher({ allowLoopback: true, perHostConcurrency: 3 });
    await Promise.all([1, 2, 3].map((n) => site.fetch(`http://127.0.0.1:${http.port}/slowish?n=${n}`)));
    expect(http.maxConcurrent).toBe(3);
  });
});

describe('robots.txt through the fetcher', () => {
  it('fetches /robots.txt once per host and applies it', async () => {
    const site = fetcher({
      allowLoopback: true,
      connectTo: parseConnectTo(`shop.example.test:80:127.0.0.1:${http.port}`),
    });
    const robots = new RobotsCache(site);
    expect(await robots.isAllowed('http://shop.example.test/ok')).toBe(true);
    expect(await robots.isAllowed('http://shop.example.test/private/x')).toBe(false);
    expect(await robots.sitemaps('http://shop.example.test')).toEqual(['https://shop.example.test/sitemap.xml']);
    expect(http.seen.map((request) => request.path)).toEqual(['/robots.txt']);
  });
});

describe('https', () => {
  let https: Fixture;
  let cert: string;
  const connectTo = () =>
    parseConnectTo(`secure.example.test:443:127.0.0.1:${https.port},secure.example.test:80:127.0.0.1:${http.port}`);

  beforeAll(async () => {
    const pair = selfSignedCertificate();
    cert = pair.cert;
    https = await start(createHttpsServer({ key: pair.key, cert: pair.cert }));
  });

  afterAll(async () => {
    await https.close();
  });

  afterEach(() => {
    https.seen.length = 0;
  });

  it('refuses a self-signed certificate (verification stays on)', async () => {
    const error = await failure(
      fetcher({ allowLoopback: true, connectTo: connectTo() }).fetch('https://secure.example.test/ok'),
    );
    expect(error.code).toBe('TLS_ERROR');
    expect(error.message).toMatch(
      /^TLS with secure\.example\.test failed for https:\/\/secure\.example\.test\/ok: self.signed certificate/,
    );
    expect(https.seen).toHaveLength(0);
  });

  it('trusts the certificate when given as a CA, sending the site name as SNI and Host', async () => {
    const response = await fetcher({ allowLoopback: true, connectTo: connectTo(), extraCaCertificates: [cert] }).fetch(
      'https://secure.example.test/ok',
    );
    expect(response).toMatchObject({ url: 'https://secure.example.test/ok', status: 200 });
    expect(https.seen[0]).toMatchObject({ host: 'secure.example.test', servername: 'secure.example.test' });
  });

  it('rejects the certificate for another name even when trusted', async () => {
    const other = parseConnectTo(`other.example.test:443:127.0.0.1:${https.port}`);
    const error = await failure(
      fetcher({ allowLoopback: true, connectTo: other, extraCaCertificates: [cert] }).fetch(
        'https://other.example.test/ok',
      ),
    );
    expect(error.code).toBe('TLS_ERROR');
    expect(error.message).toMatch(/other\.example\.test/);
  });

  it('fetchSite keeps an https 404 and does not try http', async () => {
    const response = await fetcher({
      allowLoopback: true,
      connectTo: connectTo(),
      extraCaCertificates: [cert],
    }).fetchSite('secure.example.test', '/missing');
    expect(response).toMatchObject({ url: 'https://secure.example.test/missing', status: 404 });
    expect(http.seen).toHaveLength(0);
  });

  it('fetchSite does not fall back to http after a certificate error', async () => {
    const error = await failure(
      fetcher({ allowLoopback: true, connectTo: connectTo() }).fetchSite('secure.example.test', '/ok'),
    );
    expect(error).toMatchObject({ code: 'TLS_ERROR', url: 'https://secure.example.test/ok' });
    expect(error.message).toMatch(/self.signed certificate/);
    expect(http.seen).toHaveLength(0);
  });
});
