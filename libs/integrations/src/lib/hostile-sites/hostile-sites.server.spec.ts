import { IncomingHttpHeaders, request } from 'node:http';
import { gunzipSync } from 'node:zlib';

import { hostileHost, HostileSites, robotsFamilyHost, startHostileSites } from './hostile-sites.server';

interface Answer {
  readonly status?: number;
  readonly headers?: IncomingHttpHeaders;
  /** The first `cap` bytes of the body. */
  readonly body: Buffer;
  /** Body bytes received, counting past the cap. */
  readonly received: number;
  readonly ended: boolean;
  readonly error?: string;
  /** Set when `waitMs` passed before the body ended. */
  readonly cutOff: boolean;
}

describe('hostile sites', () => {
  let sites: HostileSites;

  beforeAll(async () => {
    sites = await startHostileSites({ familySize: 3 });
  });

  afterAll(() => sites.close());

  /** One request by Host header; stops reading after `cap` bytes or `waitMs`, as a careful crawler would. */
  const get = (host: string, path: string, { cap = 1 << 20, waitMs = 3000 } = {}) =>
    new Promise<Answer>((resolve) => {
      const chunks: Buffer[] = [];
      let kept = 0;
      let received = 0;
      let answer: Pick<Answer, 'status' | 'headers'> = {};
      const finish = (rest: Partial<Answer>) => {
        clearTimeout(timer);
        req.destroy();
        resolve({ ...answer, body: Buffer.concat(chunks), received, ended: false, cutOff: false, ...rest });
      };
      const timer = setTimeout(() => finish({ cutOff: true }), waitMs);
      const req = request({ host: '127.0.0.1', port: sites.port, path, headers: { host } }, (res) => {
        answer = { status: res.statusCode, headers: res.headers };
        res.on('data', (chunk: Buffer) => {
          received += chunk.length;
          if (kept < cap) {
            chunks.push(chunk);
            kept += chunk.length;
          } else finish({});
        });
        res.on('end', () => finish({ ended: true }));
        res.on('error', (error: NodeJS.ErrnoException) => finish({ error: error.code ?? error.message }));
      });
      req.on('error', (error: NodeJS.ErrnoException) => finish({ error: error.code ?? error.message }));
      req.end();
    });
  const text = (a: Answer) => a.body.toString('latin1');
  const host = hostileHost;

  it('names at least 25 cases, each with hosts, a description and a target per workflow it exercises', () => {
    expect(sites.cases.length).toBeGreaterThanOrEqual(25);
    const names = sites.cases.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    for (const c of sites.cases) {
      expect(c.description.length).toBeGreaterThan(10);
      expect(c.targets.length).toBeGreaterThan(0);
      for (const t of c.targets) expect(c.hosts).toContain(new URL(t.url).hostname);
    }
    const rules = sites.connectTo.split(',');
    expect(rules).toContain(`${host('slowloris')}:80:127.0.0.1:${sites.port}`);
    expect(rules).toContain(`${host('slowloris')}:443:127.0.0.1:1`);
    expect(rules).toContain(`${robotsFamilyHost(2)}:80:127.0.0.1:${sites.port}`);
  });

  it('serves the quadratic e-mail texts, 8,000 addresses and NULs beside an address', async () => {
    const dots = text(await get(host('email-dots'), '/contact'));
    expect(dots).toContain('a.a.a.a.');
    expect(dots.length).toBeGreaterThan(64 * 1024);
    expect(text(await get(host('email-at-runs'), '/contact'))).toMatch(/(a \[at\] b \[dot\] ){1000}/);
    expect(text(await get(host('email-8000'), '/contact')).match(/mailto:/g)).toHaveLength(8000);
    expect(text(await get(host('nul-email'), '/contact'))).toContain(`\u0000sales@${host('nul-email')}`);
  });

  it('serves the robots.txt cases: wildcards, 1 MiB, never, 503, and a family of 450 KiB files', async () => {
    expect(text(await get(host('robots-wildcards'), '/robots.txt'))).toContain(`Disallow: /${'a*'.repeat(12)}b0`);
    const big = await get(host('robots-1mb'), '/robots.txt', { cap: 2 << 20 });
    expect(big.received).toBeGreaterThanOrEqual(1 << 20);
    const never = await get(host('robots-timeout'), '/robots.txt', { waitMs: 300 });
    expect(never.cutOff).toBe(true);
    expect(never.status).toBeUndefined();
    expect((await get(host('robots-5xx'), '/robots.txt')).status).toBe(503);
    const family = await get(robotsFamilyHost(1), '/robots.txt');
    expect(family.received).toBeGreaterThan(400 * 1024);
    expect(family.received).toBeLessThan(500 * 1024);
  });

  it('serves the sitemap cases: long child, binary, odd lastmods, 40x40, cross-host, HTML, deep, billion laughs', async () => {
    expect(text(await get(host('long-child-url'), '/sitemap_index.xml'))).toMatch(/x{3200}\.xml/);
    const binary = await get(host('binary-sitemap'), '/sitemap.xml');
    expect(binary.headers?.['content-type']).toBe('application/xml');
    expect(binary.body.includes(0)).toBe(true);
    const odd = text(await get(host('odd-lastmods'), '/sitemap.xml'));
    for (const lastmod of ['2024', '2024-05', '2024-02-30', '0000-01-01'])
      expect(odd).toContain(`<lastmod>${lastmod}</lastmod>`);
    const index = text(await get(host('index-40x40'), '/idx-3-7.xml'));
    expect(index.match(/<sitemap>/g)).toHaveLength(40);
    expect(index).toContain(`http://${host('index-40x40')}/idx-3-7-39.xml`);
    expect(text(await get(host('cross-host-index'), '/sitemap.xml'))).toContain(
      `http://${host('victim')}/sitemap-49.xml`,
    );
    expect(text(await get(host('sitemap-is-html'), '/sitemap.xml'))).toContain('<html>');
    expect((await get(host('xml-as-html'), '/sitemap.xml')).headers?.['content-type']).toBe('text/html');
    expect(text(await get(host('deep-xml'), '/sitemap.xml'))).toContain('<x>'.repeat(100_000));
    expect(text(await get(host('billion-laughs'), '/sitemap.xml'))).toContain('<!ENTITY lol9 "&lol8;&lol8;');
  });

  it('streams the 15 MiB pages, the million tel: links and the gzip bomb without ending early', async () => {
    const sized = await get(host('page-15mib'), '/big-0', { cap: 16 << 20, waitMs: 10_000 });
    expect(sized.ended).toBe(true);
    expect(sized.received).toBe(Number(sized.headers?.['content-length']));
    expect(sized.received).toBeGreaterThanOrEqual(15 << 20);
    const chunked = await get(host('page-15mib'), '/big-1', { cap: 16 << 20, waitMs: 10_000 });
    expect(chunked).toMatchObject({ ended: true });
    expect(chunked.headers?.['content-length']).toBeUndefined();
    expect(chunked.received).toBeGreaterThanOrEqual(15 << 20);
    const tel = await get(host('million-tel'), '/contact', { cap: 1 << 20 });
    expect(tel.ended).toBe(false);
    expect(text(tel)).toContain('<a href="tel:+15125550123">call</a>');
    const bomb = await get(host('gzip-bomb'), '/contact', { cap: 2 << 20, waitMs: 10_000 });
    expect(bomb.headers?.['content-encoding']).toBe('gzip');
    expect(bomb.received).toBeLessThan(2 << 20);
    // Only the first members: the whole body would be 1 GiB.
    expect(gunzipSync(bomb.body.subarray(0, 20_000), { finishFlush: 2 }).length).toBeGreaterThan(10 << 20);
  });

  it('serves stacked and unknown codings', async () => {
    const layered = await get(host('gzip-layers'), '/contact');
    expect(String(layered.headers?.['content-encoding']).split(',')).toHaveLength(1200);
    let body = layered.body;
    for (let i = 0; i < 1200; i += 1) body = gunzipSync(body);
    expect(body.toString()).toContain('layers@example.test');
    expect((await get(host('unknown-encoding'), '/contact')).headers?.['content-encoding']).toBe('x-hostile');
  });

  it('redirects past the limit and into loops', async () => {
    expect((await get(host('redirect-chain'), '/hop/0')).headers?.location).toBe(
      `http://${host('redirect-chain')}/hop/1`,
    );
    expect((await get(host('redirect-chain'), '/hop/30')).status).toBe(200);
    expect((await get(host('redirect-loop'), '/robots.txt')).headers?.location).toBe(
      `http://${host('redirect-loop')}/robots.txt`,
    );
  });

  it('never ends, trickles, never answers, or resets', async () => {
    const endless = await get(host('endless-body'), '/contact', { cap: 4 << 20, waitMs: 5000 });
    expect(endless).toMatchObject({ ended: false, cutOff: false });
    expect(endless.received).toBeGreaterThanOrEqual(4 << 20);
    const slow = await get(host('slowloris'), '/contact', { waitMs: 2500 });
    expect(slow).toMatchObject({ status: 200, cutOff: true, ended: false });
    expect(slow.received).toBeGreaterThanOrEqual(1);
    expect(slow.received).toBeLessThanOrEqual(4);
    const silent = await get(host('headers-never-come'), '/contact', { waitMs: 300 });
    expect(silent.cutOff).toBe(true);
    expect(silent.status).toBeUndefined();
    expect((await get(host('connection-reset'), '/robots.txt')).error).toBe('ECONNRESET');
  });

  it('lies about types and charsets and breaks UTF-8', async () => {
    const png = await get(host('html-as-png'), '/contact');
    expect(png.headers?.['content-type']).toBe('image/png');
    expect(text(png)).toContain('<html>');
    const cp1252 = await get(host('windows-1252'), '/contact');
    expect(cp1252.headers?.['content-type']).toBe('text/html; charset=windows-1252');
    expect(cp1252.body.includes(0x93)).toBe(true);
    const sjis = await get(host('shift-jis'), '/contact');
    expect(sjis.body.includes(Buffer.from([0x82, 0xa8, 0x96, 0xe2]))).toBe(true);
    const bad = await get(host('malformed-utf8'), '/contact');
    expect(bad.body.toString('utf8')).toContain('\ufffd');
    expect(text(bad)).toContain(`hello@${host('malformed-utf8')}`);
    expect(text(await get(host('deep-html'), '/contact'))).toContain('<div>'.repeat(100_000));
  });

  it('counts requests per host and path', async () => {
    const before = sites.requestsTo(host('victim'));
    await get(host('victim'), '/sitemap-1.xml');
    expect(sites.requestsTo(host('victim'))).toBe(before + 1);
    expect(sites.requestsFor(host('victim'), '/sitemap-1.xml')).toBe(1);
    expect((await get('nobody.example.test', '/')).status).toBe(404);
  });
});
