import { readdirSync, readFileSync } from 'node:fs';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createGzip, gzipSync } from 'node:zlib';

/**
 * Local stand-ins for real websites, told apart by the Host header (the safe fetcher's connect-to rules
 * keep the real host name while connecting here). Test helper only: loopback, no TLS.
 */
export const FIXTURE_HOSTS = {
  /** WordPress-style: robots.txt with a Sitemap line, a sitemap index, gzip and plain child sitemaps. */
  wordpress: 'wp-shop.example.test',
  /** No robots.txt; a sitemap only at a common path. */
  commonPath: 'common-path.example.test',
  /** Sitemap linked from the homepage only. */
  htmlLink: 'html-link.example.test',
  /** Every candidate is broken XML or HTML pretending to be a sitemap. */
  broken: 'broken.example.test',
  /** /sitemap.xml redirects to itself forever. */
  redirectLoop: 'loop.example.test',
  /** /sitemap.xml answers after 30 s. */
  slow: 'slow.example.test',
  /** /sitemap.xml redirects to the cloud metadata address; /local to 127.0.0.1. */
  ssrf: 'ssrf.example.test',
  /** /sitemap.xml lists 1,000,000 URLs, streamed (gzip at /sitemap.xml.gz). */
  huge: 'huge.example.test',
  /** Nothing at all: every path 404. */
  empty: 'empty.example.test',
  /**
   * A 40×40 sitemap fan-out: robots.txt lists /index.xml, whose 40 children are indexes of 40 grandchildren each.
   * /index.xml's grandchildren answer 404; /empty-index.xml's are valid empty urlsets.
   */
  fanout: 'fanout.example.test',
  /** robots.txt lists /sitemap.xml, an index whose 300 children are on `victim` (someone else's site). */
  crossHost: 'cross-host.example.test',
  /** The third party of `crossHost`: counts what we would send it; every path 404. */
  victim: 'victim.example.test',
  /** robots.txt lists /index.xml: one child with a 3.2 KB URL, one normal child /pages.xml. */
  longChild: 'long-child.example.test',
  /** Every sitemap candidate is binary (a PNG signature, NUL bytes). */
  binary: 'binary.example.test',
  /** /sitemap.xml: legal reduced-precision and impossible `<lastmod>` values (see LASTMOD_CASES). */
  lastmod: 'lastmod.example.test',
} as const;

/** `<lastmod>` values of the lastmod host's /sitemap.xml (in /page-<i> order) and what they are stored as (UTC). */
export const LASTMOD_CASES: readonly (readonly [string, string | null])[] = [
  ['2024', '2024-01-01T00:00:00.000Z'],
  ['2024-05', '2024-05-01T00:00:00.000Z'],
  ['2024-05-07', '2024-05-07T00:00:00.000Z'],
  ['2024-05-07T10:30:15+02:00', '2024-05-07T08:30:15.000Z'],
  ['2024-02-30', null],
  ['0000-01-01', null],
  ['2023-02-29', null],
  ['2024-05-07T10:30:15+25:00', null],
  ['2024-05-07T25:00:00Z', null],
  ['12024-05-07', null],
  ['yesterday', null],
];

/** The long child's path on the longChild host: 3.2 KB, past the btree row limit of a `(domain_id, url)` key. */
export const LONG_CHILD_PATH = `/${'a'.repeat(3200)}.xml`;

/** The binary host's body: a PNG signature and NUL bytes, what a misconfigured server sends for /sitemap.xml. */
export const BINARY_BODY = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]),
  Buffer.alloc(64, 0),
]);

/** Host `i` of the contact-page sites (`contactHosts` option): every `/page-<k>` is a contact-bearing page. */
export const contactHost = (i: number): string => `site-${i}.contacts.example.test`;

/**
 * The WF7 fixture pages, each padded with ~60 KB of the navigation, product cards and inline script real
 * small-business pages carry, so parsing costs what it costs on the web (the bare fixtures are ~400 bytes).
 */
function contactPages(): string[] {
  const dir = join(__dirname, '..', 'contacts', 'fixtures');
  const card = (n: number) =>
    `<div class="card col-md-4"><a href="/products/item-${n}"><img src="/img/item-${n}@2x.jpg" alt="Item ${n}"></a><h3>Item ${n}</h3><p class="price">$${n}.99</p><p>Hand made in Austin, ships in 2 days.</p></div>`;
  const padding = `<section class="products">${Array.from({ length: 300 }, (_, n) => card(n)).join('\n')}</section><script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}gtag('js',new Date());</script>`;
  return readdirSync(dir)
    .filter((f) => f.endsWith('.html'))
    .sort()
    .map((f) => readFileSync(join(dir, f), 'utf8').replace(/<\/body>/i, `${padding}</body>`));
}

export interface FixtureSites {
  /** http://127.0.0.1:<port>; map each fixture host to it with connect-to rules. */
  readonly url: string;
  readonly port: number;
  /** `host:80:127.0.0.1:<port>` entries for FETCH_CONNECT_TO. */
  readonly connectTo: string;
  readonly requests: { host: string; path: string }[];
  close(): Promise<void>;
}

const xml = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>\n${body}`;

function urlset(host: string, paths: readonly string[]): string {
  return xml(
    `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${paths.map((p) => `  <url><loc>http://${host}${p}</loc><lastmod>2025-10-01</lastmod></url>`).join('\n')}\n</urlset>`,
  );
}

function sitemapIndex(locs: readonly string[]): string {
  return xml(
    `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${locs.map((loc) => `  <sitemap><loc>${loc}</loc></sitemap>`).join('\n')}\n</sitemapindex>`,
  );
}

export const WORDPRESS_PAGES = [
  '/',
  '/contact/',
  '/contact.php',
  '/about-us/',
  '/blog/first-post/',
  '/services/plumbing/',
  '/careers/contact',
  '/legal/privacy',
  '/wp-content/uploads/logo.png',
];
export const WORDPRESS_POSTS = Array.from({ length: 25 }, (_, i) => `/blog/post-${i + 1}/`);

function send(
  res: ServerResponse,
  status: number,
  type: string,
  body: string | Buffer,
  extra: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': type, ...extra });
  res.end(body);
}

function hugeSitemap(host: string, count: number): Readable {
  let i = 0;
  return Readable.from(
    (function* () {
      yield '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n';
      while (i < count) {
        const chunk: string[] = [];
        for (let n = 0; n < 5000 && i < count; n += 1, i += 1)
          chunk.push(`<url><loc>http://${host}/products/item-${i}</loc></url>\n`);
        yield chunk.join('');
      }
      yield '</urlset>\n';
    })(),
  );
}

function route(host: string, path: string, res: ServerResponse, hugeCount: number, pages: readonly string[]): void {
  const H = FIXTURE_HOSTS;
  if (host.endsWith('.contacts.example.test')) {
    const page = /^\/page-(\d+)$/.exec(path);
    if (page && pages.length > 0)
      return send(res, 200, 'text/html; charset=utf-8', pages[Number(page[1]) % pages.length]);
    return send(res, 404, 'text/plain', 'not found');
  }
  switch (host) {
    case H.wordpress:
      if (path === '/robots.txt')
        return send(
          res,
          200,
          'text/plain',
          `User-agent: *\nDisallow: /wp-admin/\nSitemap: http://${host}/wp-sitemap.xml\n`,
        );
      if (path === '/wp-sitemap.xml')
        return send(
          res,
          200,
          'application/xml',
          xml(`<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>http://${host}/wp-sitemap-pages-1.xml</loc></sitemap>
  <sitemap><loc>http://${host}/wp-sitemap-posts-post-1.xml.gz</loc></sitemap>
</sitemapindex>`),
        );
      if (path === '/wp-sitemap-pages-1.xml') return send(res, 200, 'application/xml', urlset(host, WORDPRESS_PAGES));
      if (path === '/wp-sitemap-posts-post-1.xml.gz')
        return send(res, 200, 'application/x-gzip', gzipSync(urlset(host, WORDPRESS_POSTS)));
      if (path === '/') return send(res, 200, 'text/html', `<html><body><a href="/contact/">Contact</a></body></html>`);
      break;
    case H.commonPath:
      if (path === '/sitemap.xml')
        return send(res, 200, 'application/xml', urlset(host, ['/', '/contact-us.html', '/menu']));
      break;
    case H.htmlLink:
      if (path === '/')
        return send(
          res,
          200,
          'text/html',
          `<html><head><link rel="sitemap" href="/maps/site-map.xml"></head><body><a href="/maps/site-map.xml">Sitemap</a></body></html>`,
        );
      if (path === '/maps/site-map.xml') return send(res, 200, 'text/xml', urlset(host, ['/', '/kontakt']));
      break;
    case H.broken:
      if (path === '/robots.txt')
        return send(res, 200, 'text/plain', `Sitemap: http://${host}/broken.xml\nSitemap: http://${host}/page.xml\n`);
      if (path === '/broken.xml')
        return send(
          res,
          200,
          'application/xml',
          '<?xml version="1.0"?><urlset><url><loc>http://broken.example.test/a</loc></url><url><loc>',
        );
      if (path === '/page.xml' || path === '/sitemap.xml')
        return send(res, 200, 'text/html', '<!doctype html><html><body>Not a sitemap</body></html>');
      break;
    case H.redirectLoop:
      if (path === '/sitemap.xml') return send(res, 302, 'text/plain', '', { location: `http://${host}/sitemap.xml` });
      break;
    case H.slow:
      if (path === '/sitemap.xml') {
        const timer = setTimeout(() => send(res, 200, 'application/xml', urlset(host, ['/'])), 30_000);
        res.on('close', () => clearTimeout(timer));
        return;
      }
      break;
    case H.ssrf:
      if (path === '/sitemap.xml')
        return send(res, 301, 'text/plain', '', { location: 'http://169.254.169.254/latest/meta-data/' });
      if (path === '/local') return send(res, 302, 'text/plain', '', { location: 'http://127.0.0.1/admin' });
      break;
    case H.huge:
      if (path === '/sitemap.xml') {
        res.writeHead(200, { 'content-type': 'application/xml' });
        hugeSitemap(host, hugeCount).pipe(res);
        return;
      }
      if (path === '/sitemap.xml.gz') {
        res.writeHead(200, { 'content-type': 'application/x-gzip' });
        hugeSitemap(host, hugeCount).pipe(createGzip()).pipe(res);
        return;
      }
      break;
    case H.fanout: {
      if (path === '/robots.txt') return send(res, 200, 'text/plain', `Sitemap: http://${host}/index.xml\n`);
      const top = /^\/(index|empty-index)\.xml$/.exec(path);
      const prefix = top?.[1] === 'empty-index' ? 'e' : 'c';
      if (top)
        return send(
          res,
          200,
          'application/xml',
          sitemapIndex(Array.from({ length: 40 }, (_, i) => `http://${host}/${prefix}-${i}.xml`)),
        );
      const child = /^\/([ce])-(\d+)\.xml$/.exec(path);
      if (child)
        return send(
          res,
          200,
          'application/xml',
          sitemapIndex(Array.from({ length: 40 }, (_, j) => `http://${host}/${child[1]}-${child[2]}-${j}.xml`)),
        );
      if (/^\/e-\d+-\d+\.xml$/.test(path)) return send(res, 200, 'application/xml', urlset(host, []));
      break;
    }
    case H.crossHost:
      if (path === '/robots.txt') return send(res, 200, 'text/plain', `Sitemap: http://${host}/sitemap.xml\n`);
      if (path === '/sitemap.xml')
        return send(
          res,
          200,
          'application/xml',
          sitemapIndex(Array.from({ length: 300 }, (_, i) => `http://${H.victim}/s-${i}.xml`)),
        );
      break;
    case H.longChild:
      if (path === '/robots.txt') return send(res, 200, 'text/plain', `Sitemap: http://${host}/index.xml\n`);
      if (path === '/index.xml')
        return send(
          res,
          200,
          'application/xml',
          sitemapIndex([`http://${host}${LONG_CHILD_PATH}`, `http://${host}/pages.xml`]),
        );
      if (path === '/pages.xml') return send(res, 200, 'application/xml', urlset(host, ['/', '/contact']));
      break;
    case H.binary:
      if (path === '/robots.txt') return send(res, 200, 'text/plain', `Sitemap: http://${host}/sitemap.xml\n`);
      if (path === '/sitemap.xml') return send(res, 200, 'application/xml', BINARY_BODY);
      break;
    case H.lastmod:
      if (path === '/sitemap.xml')
        return send(
          res,
          200,
          'application/xml',
          xml(
            `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${LASTMOD_CASES.map(([lastmod], i) => `<url><loc>http://${host}/page-${i}</loc><lastmod>${lastmod}</lastmod></url>`).join('\n')}\n</urlset>`,
          ),
        );
      break;
    default:
      break;
  }
  send(res, 404, 'text/plain', 'not found');
}

/**
 * Starts the fixture sites on 127.0.0.1 (port 0). `hugeCount` sizes the huge sitemap (default 1,000,000);
 * `contactHosts` adds that many contact-page sites (`contactHost(i)`, default none).
 */
export async function startFixtureSites(
  options: { hugeCount?: number; contactHosts?: number } = {},
): Promise<FixtureSites> {
  const requests: { host: string; path: string }[] = [];
  const hugeCount = options.hugeCount ?? 1_000_000;
  const contactHosts = Array.from({ length: options.contactHosts ?? 0 }, (_, i) => contactHost(i));
  const pages = contactHosts.length > 0 ? contactPages() : [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    const path = new URL(req.url ?? '/', 'http://fixture').pathname;
    requests.push({ host, path });
    route(host, path, res, hugeCount, pages);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    connectTo: [...Object.values(FIXTURE_HOSTS), ...contactHosts]
      .map((host) => `${host}:80:127.0.0.1:${port}`)
      .join(','),
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
