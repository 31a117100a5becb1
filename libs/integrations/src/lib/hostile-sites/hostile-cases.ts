import { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';

import {
  billionLaughsSitemap,
  binaryBytes,
  gzipLayers,
  lazy,
  streamForever,
  streamGzipMembers,
  streamRepeated,
} from './hostile-bodies';

/**
 * What a crawler should reach on a case: `done` (the workflow completes, e.g. odd but legal lastmods import),
 * `error` (the row ends in the workflow's failed state with a readable reason, retries included), or
 * `done-or-error` where both are defensible (a body cap may truncate or refuse). Never: stuck, a dead
 * worker, a blocked event loop, a batch-mate's row harmed.
 */
export type HostileOutcome = 'done' | 'error' | 'done-or-error';

export type HostileWorkflow = 'WF4' | 'WF5' | 'WF7';

/**
 * One row a test queues for the case. WF4 targets name the domain (`url`'s host name); WF5 targets a
 * sitemap file URL; WF7 a page URL.
 */
export interface HostileTarget {
  readonly workflow: HostileWorkflow;
  readonly url: string;
  readonly outcome: HostileOutcome;
  /** When the row fails, its reason must match (e.g. name the robots.txt rule, or not claim one). */
  readonly reason?: RegExp;
}

export interface HostileCase {
  /** Kebab-case; also the first label of the case's host. */
  readonly name: string;
  readonly description: string;
  /** The defect of issue 12 this case reproduces, when it is one. */
  readonly defect?: number;
  /** Every host the case answers for; the first is its own. */
  readonly hosts: readonly string[];
  readonly targets: readonly HostileTarget[];
  /** Hosts the case must never make a crawler contact (a sitemap index pointing at a third party). */
  readonly untouchedHosts?: readonly string[];
  /** Requests to the case's hosts over a whole run of every target, all attempts and failures included. */
  readonly maxRequests?: number;
}

/** A case with its request handler (the server's half; tests read `HostileCase`). */
export interface ServedCase extends HostileCase {
  serve(path: string, res: ServerResponse, req: IncomingMessage, host: string): void;
}

const DOMAIN = 'hostile.example.test';
export const hostileHost = (name: string): string => `${name}.${DOMAIN}`;
/** Host `i` of the robots-family case: 200 origins, each with a robots.txt near the 500 KiB RFC limit. */
export const robotsFamilyHost = (i: number): string => `r${i}.robots-family.${DOMAIN}`;
const VICTIM = hostileHost('victim');

const KIB = 1024;
const MIB = 1024 * KIB;
const SITEMAP_NS = 'http://www.sitemaps.org/schemas/sitemap/0.9';
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n';

const send = (
  res: ServerResponse,
  status: number,
  type: string,
  body: string | Buffer,
  headers: Record<string, string> = {},
): void => {
  res.writeHead(status, { 'content-type': type, ...headers });
  res.end(body);
};
const notFound = (res: ServerResponse): void => send(res, 404, 'text/plain', 'not found');
const html = (body: string): string =>
  `<!doctype html><html><head><title>Shop</title></head><body>${body}</body></html>`;
const urlset = (urls: readonly { loc: string; lastmod?: string }[]): string =>
  `${XML_HEAD}<urlset xmlns="${SITEMAP_NS}">\n${urls.map((u) => `<url><loc>${u.loc}</loc>${u.lastmod ? `<lastmod>${u.lastmod}</lastmod>` : ''}</url>`).join('\n')}\n</urlset>\n`;
const sitemapIndex = (locs: readonly string[]): string =>
  `${XML_HEAD}<sitemapindex xmlns="${SITEMAP_NS}">\n${locs.map((l) => `<sitemap><loc>${l}</loc></sitemap>`).join('\n')}\n</sitemapindex>\n`;
const robots = (host: string, sitemap = '/sitemap.xml'): string =>
  `User-agent: *\nDisallow: /private/\nSitemap: http://${host}${sitemap}\n`;
/** Keeps the socket open and answers nothing; the fixture server closes it at shutdown. */
const hang = (): void => undefined;

const wf = (workflow: HostileWorkflow, url: string, outcome: HostileOutcome, reason?: RegExp): HostileTarget => ({
  workflow,
  url,
  outcome,
  ...(reason ? { reason } : {}),
});
/** A robots.txt that could not be read is no Disallow rule: the reason must not claim one (RFC 9309 §2.3.1.4). */
const NOT_A_RULE = /^(?![\s\S]*disallow)[\s\S]*robots\.txt/i;

// Bodies that cost CPU to build are built once, on first request.
const robotsNearLimit = lazy(() => {
  const lines: string[] = ['User-agent: *'];
  for (let i = 0, size = 0; size < 450 * KIB; i += 1) {
    const line = `Disallow: /catalog/department-${i}/*/reviews$`;
    lines.push(line);
    size += line.length + 1;
  }
  lines.push('Allow: /contact');
  return `${lines.join('\n')}\n`;
});
const robotsOneMegabyte = lazy(() => {
  const lines: string[] = ['User-agent: *'];
  for (let i = 0, size = 0; size < MIB; i += 1) {
    const line = `Disallow: /archive/${i}/`;
    lines.push(line);
    size += line.length + 1;
  }
  return `${lines.join('\n')}\n`;
});
const gzip1200 = lazy(() => gzipLayers(html('<p>Write to layers@example.test</p>'), 1200));
const bombMember = lazy(() => gzipSync(Buffer.alloc(MIB, 'a'), { level: 9 }));
const bombXmlMember = lazy(() => gzipSync(Buffer.alloc(MIB, ' '), { level: 9 }));

function build(familySize: number): ServedCase[] {
  const h = hostileHost;
  const page = (name: string, path = '/contact') => `http://${h(name)}${path}`;
  const home = (name: string) => `http://${h(name)}/`;
  const cases: ServedCase[] = [
    {
      name: 'email-dots',
      defect: 1,
      description:
        '64 KiB of `a.a.a.…` (no @) before one real address: a backtracking e-mail regex takes tens of seconds',
      hosts: [h('email-dots')],
      targets: [wf('WF7', page('email-dots'), 'done')],
      serve: (path, res, _req, host) =>
        path === '/robots.txt'
          ? notFound(res)
          : send(
              res,
              200,
              'text/html; charset=utf-8',
              html(`<p>${'a.'.repeat(32 * KIB)}</p><p>Write to hello@${host}</p>`),
            ),
    },
    {
      name: 'email-at-runs',
      defect: 1,
      description: '64 KiB of `a [at] a [at] …` and `x [dot]` runs: the obfuscated-address regex goes quadratic',
      hosts: [h('email-at-runs')],
      targets: [wf('WF7', page('email-at-runs'), 'done')],
      serve: (path, res) =>
        path === '/robots.txt'
          ? notFound(res)
          : send(
              res,
              200,
              'text/html',
              html(`<p>${'a [at] b [dot] '.repeat(4 * KIB)}</p><p>info [at] example [dot] test</p>`),
            ),
    },
    {
      name: 'email-8000',
      defect: 1,
      description: '8,000 distinct addresses on one page: context building per address must not rescan the page',
      hosts: [h('email-8000')],
      targets: [wf('WF7', page('email-8000'), 'done')],
      serve: (path, res, _req, host) =>
        path === '/robots.txt'
          ? notFound(res)
          : send(
              res,
              200,
              'text/html',
              html(
                Array.from(
                  { length: 8000 },
                  (_, i) => `<p>Team ${i}: <a href="mailto:user${i}@${host}">user${i}@${host}</a></p>`,
                ).join('\n'),
              ),
            ),
    },
    {
      name: 'nul-email',
      defect: 3,
      description:
        'NUL bytes beside an e-mail (jsonb and text columns reject \\u0000): the row must not poison its batch',
      hosts: [h('nul-email')],
      targets: [wf('WF7', page('nul-email'), 'done')],
      serve: (path, res, _req, host) =>
        path === '/robots.txt'
          ? notFound(res)
          : send(
              res,
              200,
              'text/html',
              html(`<p>Mail\u0000 info@${host}\u0000 or \u0000sales@${host} today\u0000</p>`),
            ),
    },
    {
      name: 'robots-wildcards',
      defect: 2,
      description: '`Disallow: /a*a*…*b` (12 stars) against a 41-character path: a backtracking matcher needs minutes',
      hosts: [h('robots-wildcards')],
      targets: [wf('WF7', page('robots-wildcards', `/${'a'.repeat(40)}`), 'done')],
      serve: (path, res, _req, host) =>
        path === '/robots.txt'
          ? send(
              res,
              200,
              'text/plain',
              `User-agent: *\n${Array.from({ length: 20 }, (_, i) => `Disallow: /${'a*'.repeat(12)}b${i}`).join('\n')}\n`,
            )
          : send(res, 200, 'text/html', html(`<p>Write to wild@${host}</p>`)),
    },
    {
      name: 'robots-disallow',
      description: 'the control: a page a real `Disallow: /private/` rule covers fails, and the reason names the rule',
      hosts: [h('robots-disallow')],
      targets: [wf('WF7', page('robots-disallow', '/private/staff'), 'error', /Disallow: \/private\//i)],
      serve: (path, res, _req, host) =>
        path === '/robots.txt'
          ? send(res, 200, 'text/plain', 'User-agent: *\nDisallow: /private/\n')
          : send(res, 200, 'text/html', html(`<p>Write to staff@${host}</p>`)),
    },
    {
      name: 'robots-1mb',
      defect: 8,
      description:
        'a 1 MiB robots.txt that disallows no page we ask for: RFC 9309 lets a crawler read the first 500 KiB, not refuse the site',
      hosts: [h('robots-1mb')],
      targets: [wf('WF7', page('robots-1mb'), 'done'), wf('WF4', home('robots-1mb'), 'done-or-error')],
      serve: (path, res, _req, host) => {
        if (path === '/robots.txt') return send(res, 200, 'text/plain', robotsOneMegabyte());
        if (path === '/sitemap.xml') return send(res, 200, 'application/xml', urlset([{ loc: `http://${host}/menu` }]));
        send(res, 200, 'text/html', html(`<p>Write to big@${host}</p>`));
      },
    },
    {
      name: 'robots-timeout',
      defect: 9,
      description: 'robots.txt never answers: disallow for minutes and retry the page, never fail it for a day',
      hosts: [h('robots-timeout')],
      targets: [
        wf('WF7', page('robots-timeout'), 'error', NOT_A_RULE),
        wf('WF4', home('robots-timeout'), 'done-or-error'),
      ],
      serve: (path, res, _req, host) => {
        if (path === '/robots.txt') return hang();
        if (path === '/sitemap.xml') return send(res, 200, 'application/xml', urlset([{ loc: `http://${host}/menu` }]));
        send(res, 200, 'text/html', html(`<p>Write to slow-robots@${host}</p>`));
      },
    },
    {
      name: 'robots-5xx',
      defect: 9,
      description:
        'robots.txt answers 503: RFC 9309 says disallow while it lasts; WF7 retries and ends Error, never "disallowed"',
      hosts: [h('robots-5xx')],
      targets: [wf('WF7', page('robots-5xx'), 'error', NOT_A_RULE), wf('WF4', home('robots-5xx'), 'done-or-error')],
      serve: (path, res, _req, host) => {
        if (path === '/robots.txt') return send(res, 503, 'text/plain', 'maintenance', { 'retry-after': '3600' });
        if (path === '/sitemap.xml') return send(res, 200, 'application/xml', urlset([{ loc: `http://${host}/menu` }]));
        send(res, 200, 'text/html', html(`<p>Write to down@${host}</p>`));
      },
    },
    {
      name: 'robots-family',
      defect: 8,
      description: `${familySize} origins, each with a 450 KiB robots.txt: the robots cache must evict by entries and bytes`,
      hosts: Array.from({ length: familySize }, (_, i) => robotsFamilyHost(i)),
      targets: Array.from({ length: familySize }, (_, i) => wf('WF7', `http://${robotsFamilyHost(i)}/contact`, 'done')),
      serve: (path, res, _req, host) =>
        path === '/robots.txt'
          ? send(res, 200, 'text/plain', robotsNearLimit())
          : send(res, 200, 'text/html', html(`<p>Write to family@${host}</p>`)),
    },
    {
      name: 'long-child-url',
      defect: 3,
      description:
        'a sitemap index whose child URL is 3.2 KB (and a page URL of 3.2 KB): over the btree limit of a unique index',
      hosts: [h('long-child-url')],
      targets: [
        wf('WF4', home('long-child-url'), 'done-or-error'),
        wf('WF5', page('long-child-url', '/sitemap_index.xml'), 'done-or-error'),
      ],
      serve: (path, res, _req, host) => {
        if (path === '/robots.txt') return send(res, 200, 'text/plain', robots(host, '/sitemap_index.xml'));
        if (path === '/sitemap_index.xml')
          return send(
            res,
            200,
            'application/xml',
            sitemapIndex([`http://${host}/sitemap-pages.xml`, `http://${host}/${'x'.repeat(3200)}.xml`]),
          );
        if (path === '/sitemap-pages.xml' || path.startsWith('/xxxx'))
          return send(
            res,
            200,
            'application/xml',
            urlset([{ loc: `http://${host}/menu` }, { loc: `http://${host}/p/${'y'.repeat(3200)}` }]),
          );
        notFound(res);
      },
    },
    {
      name: 'binary-sitemap',
      defect: 4,
      description:
        'the sitemap is 4 KiB of binary (PNG signature, NULs) served as XML: NOT_XML, and the reason must carry no raw bytes',
      hosts: [h('binary-sitemap')],
      targets: [wf('WF5', page('binary-sitemap', '/sitemap.xml'), 'error'), wf('WF4', home('binary-sitemap'), 'error')],
      serve: (path, res, _req, host) => {
        if (path === '/robots.txt') return send(res, 200, 'text/plain', robots(host));
        if (path === '/sitemap.xml') return send(res, 200, 'application/xml', binaryBytes(4 * KIB));
        notFound(res);
      },
    },
    {
      name: 'odd-lastmods',
      defect: 5,
      description:
        'legal W3C lastmods `2024`, `2024-05` and impossible ones `2024-02-30`, `0000-01-01`: import all six URLs, odd dates expanded or NULL',
      hosts: [h('odd-lastmods')],
      targets: [wf('WF5', page('odd-lastmods', '/sitemap.xml'), 'done'), wf('WF4', home('odd-lastmods'), 'done')],
      serve: (path, res, _req, host) => {
        if (path === '/robots.txt') return send(res, 200, 'text/plain', robots(host));
        if (path === '/sitemap.xml')
          return send(
            res,
            200,
            'application/xml',
            urlset(
              ['2024', '2024-05', '2024-02-30', '0000-01-01', '2024-05-06T07:08:09+02:00', 'yesterday'].map(
                (lastmod, i) => ({ loc: `http://${host}/products/item-${i}`, lastmod }),
              ),
            ),
          );
        notFound(res);
      },
    },
    {
      name: 'index-40x40',
      defect: 10,
      description:
        'a sitemap index of 40 indexes of 40 indexes … (every child 40 more, none with a URL): a fetch budget per file must stop it',
      hosts: [h('index-40x40')],
      targets: [
        wf('WF4', home('index-40x40'), 'done-or-error'),
        wf('WF5', page('index-40x40', '/sitemap.xml'), 'done-or-error'),
      ],
      maxRequests: 600,
      serve: (path, res, _req, host) => {
        if (path === '/robots.txt') return send(res, 200, 'text/plain', robots(host));
        const m = /^\/(?:sitemap|idx(-[\d-]+))\.xml$/.exec(path);
        if (m)
          return send(
            res,
            200,
            'application/xml',
            sitemapIndex(Array.from({ length: 40 }, (_, i) => `http://${host}/idx${m[1] ?? ''}-${i}.xml`)),
          );
        notFound(res);
      },
    },
    {
      name: 'cross-host-index',
      defect: 10,
      description: 'an index whose 50 children all live on a third party: following them makes us an amplifier',
      hosts: [h('cross-host-index'), VICTIM],
      untouchedHosts: [VICTIM],
      targets: [
        wf('WF4', home('cross-host-index'), 'done-or-error'),
        wf('WF5', page('cross-host-index', '/sitemap.xml'), 'done-or-error'),
      ],
      serve: (path, res, _req, host) => {
        if (host === VICTIM) return send(res, 200, 'application/xml', urlset([{ loc: `http://${VICTIM}/victim` }]));
        if (path === '/robots.txt') return send(res, 200, 'text/plain', robots(host));
        if (path === '/sitemap.xml')
          return send(
            res,
            200,
            'application/xml',
            sitemapIndex(Array.from({ length: 50 }, (_, i) => `http://${VICTIM}/sitemap-${i}.xml`)),
          );
        notFound(res);
      },
    },
    {
      name: 'page-15mib',
      defect: 7,
      description:
        'five 15 MiB pages on one site (two with Content-Length, three chunked), fetched at once: a per-call body cap, not the heap, must stop them',
      hosts: [h('page-15mib')],
      targets: [
        ...Array.from({ length: 5 }, (_, i) => wf('WF7', page('page-15mib', `/big-${i}`), 'done-or-error')),
        wf('WF4', home('page-15mib'), 'error'),
      ],
      serve: (path, res, _req, host) => {
        if (path === '/robots.txt' || path.startsWith('/sitemap')) return notFound(res);
        const unit = `<div class="row"><p>Fresh bread every morning.</p></div>\n`;
        const head = `<!doctype html><html><body><p>Write to big@${host}</p>`;
        const total = 15 * MIB;
        const sized = /^\/big-[02]$/.test(path);
        const slice = Buffer.byteLength(unit.repeat(Math.floor((64 * KIB) / Buffer.byteLength(unit))));
        const length = Buffer.byteLength(head) + Math.ceil(total / slice) * slice + Buffer.byteLength('</body></html>');
        res.writeHead(200, { 'content-type': 'text/html', ...(sized ? { 'content-length': String(length) } : {}) });
        streamRepeated(res, head, unit, total, '</body></html>');
      },
    },
    {
      name: 'million-tel',
      description: 'an HTML page with 1,000,000 `tel:` links (40 MB, streamed)',
      hosts: [h('million-tel')],
      targets: [wf('WF7', page('million-tel'), 'done-or-error')],
      serve: (path, res) => {
        if (path === '/robots.txt') return notFound(res);
        res.writeHead(200, { 'content-type': 'text/html' });
        streamRepeated(
          res,
          '<!doctype html><html><body>',
          '<a href="tel:+15125550123">call</a>\n',
          1_000_000 * 37,
          '</body></html>',
        );
      },
    },
    {
      name: 'gzip-layers',
      defect: 12,
      description: '`Content-Encoding: gzip` 1,200 times: at most two codings may be decoded',
      hosts: [h('gzip-layers')],
      targets: [wf('WF7', page('gzip-layers'), 'error'), wf('WF4', home('gzip-layers'), 'error')],
      serve: (_path, res) =>
        send(res, 200, 'text/html', gzip1200(), {
          'content-encoding': Array.from({ length: 1200 }, () => 'gzip').join(', '),
        }),
    },
    {
      name: 'unknown-encoding',
      defect: 12,
      description: '`Content-Encoding: x-hostile`: an unknown coding is refused, not passed on as text',
      hosts: [h('unknown-encoding')],
      targets: [wf('WF7', page('unknown-encoding'), 'error')],
      serve: (path, res) =>
        path === '/robots.txt'
          ? notFound(res)
          : send(res, 200, 'text/html', binaryBytes(2 * KIB), { 'content-encoding': 'x-hostile' }),
    },
    {
      name: 'gzip-bomb',
      description:
        '1 MB on the wire, 1 GiB after gunzip (1,024 concatenated gzip members), as Content-Encoding and as a .xml.gz sitemap',
      hosts: [h('gzip-bomb')],
      targets: [
        wf('WF7', page('gzip-bomb'), 'done-or-error'),
        wf('WF5', page('gzip-bomb', '/sitemap.xml.gz'), 'done-or-error'),
      ],
      serve: (path, res) => {
        if (path === '/robots.txt') return notFound(res);
        if (path === '/sitemap.xml.gz') {
          res.writeHead(200, { 'content-type': 'application/x-gzip' });
          return streamGzipMembers(res, gzipSync(`${XML_HEAD}<urlset xmlns="${SITEMAP_NS}">`), bombXmlMember(), 1024);
        }
        res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip' });
        streamGzipMembers(res, gzipSync('<!doctype html><html><body><p>'), bombMember(), 1024);
      },
    },
    {
      name: 'redirect-chain',
      description: 'a chain of 30 redirects that would end in a page (the limit is a handful)',
      hosts: [h('redirect-chain')],
      targets: [wf('WF7', page('redirect-chain', '/hop/0'), 'error')],
      serve: (path, res, _req, host) => {
        const m = /^\/hop\/(\d+)$/.exec(path);
        if (!m) return notFound(res);
        const n = Number(m[1]);
        if (n >= 30) return send(res, 200, 'text/html', html(`<p>Write to end@${host}</p>`));
        send(res, 302, 'text/plain', '', { location: `http://${host}/hop/${n + 1}` });
      },
    },
    {
      name: 'redirect-loop',
      description: 'every path, robots.txt included, redirects to itself',
      hosts: [h('redirect-loop')],
      targets: [wf('WF7', page('redirect-loop'), 'error'), wf('WF4', home('redirect-loop'), 'error')],
      serve: (path, res, _req, host) => send(res, 301, 'text/plain', '', { location: `http://${host}${path}` }),
    },
    {
      name: 'endless-body',
      description: 'a 200 whose chunked body never ends (64 KiB every 10 ms for as long as anyone reads)',
      hosts: [h('endless-body')],
      targets: [wf('WF7', page('endless-body'), 'done-or-error'), wf('WF4', home('endless-body'), 'error')],
      serve: (path, res) => {
        if (path === '/robots.txt') return notFound(res);
        res.writeHead(200, { 'content-type': 'text/html' });
        res.write('<!doctype html><html><body>');
        streamForever(res, '<p>more and more</p>\n', 10);
      },
    },
    {
      name: 'slowloris',
      description: 'headers at once, then one byte per second forever',
      hosts: [h('slowloris')],
      targets: [wf('WF7', page('slowloris'), 'error')],
      serve: (path, res) => {
        if (path === '/robots.txt') return notFound(res);
        res.writeHead(200, { 'content-type': 'text/html' });
        streamForever(res, '.', 1000, 1);
      },
    },
    {
      name: 'headers-never-come',
      description: 'accepts the connection and the request, never sends a status line',
      hosts: [h('headers-never-come')],
      targets: [wf('WF7', page('headers-never-come'), 'error')],
      serve: (path, res) => (path === '/robots.txt' ? notFound(res) : hang()),
    },
    {
      name: 'connection-reset',
      description: 'every request, robots.txt included, is answered with a TCP reset',
      hosts: [h('connection-reset')],
      targets: [wf('WF7', page('connection-reset'), 'error', NOT_A_RULE), wf('WF4', home('connection-reset'), 'error')],
      serve: (_path, _res, req) => void req.socket.resetAndDestroy(),
    },
    {
      name: 'html-as-png',
      description: 'an HTML contact page served as `image/png` (a Content-Type that lies)',
      hosts: [h('html-as-png')],
      targets: [wf('WF7', page('html-as-png'), 'done-or-error')],
      serve: (path, res, _req, host) =>
        path === '/robots.txt' ? notFound(res) : send(res, 200, 'image/png', html(`<p>Write to png@${host}</p>`)),
    },
    {
      name: 'xml-as-html',
      description: 'a valid sitemap served as `text/html` (a Content-Type that lies the other way)',
      hosts: [h('xml-as-html')],
      targets: [
        wf('WF5', page('xml-as-html', '/sitemap.xml'), 'done-or-error'),
        wf('WF4', home('xml-as-html'), 'done-or-error'),
      ],
      serve: (path, res, _req, host) => {
        if (path === '/robots.txt') return send(res, 200, 'text/plain', robots(host));
        if (path === '/sitemap.xml')
          return send(res, 200, 'text/html', urlset([{ loc: `http://${host}/menu` }, { loc: `http://${host}/hours` }]));
        notFound(res);
      },
    },
    {
      name: 'sitemap-is-html',
      description: 'robots.txt and the common paths name a "sitemap" that is an HTML page',
      hosts: [h('sitemap-is-html')],
      targets: [
        wf('WF5', page('sitemap-is-html', '/sitemap.xml'), 'error'),
        wf('WF4', home('sitemap-is-html'), 'error'),
      ],
      serve: (path, res, _req, host) => {
        if (path === '/robots.txt') return send(res, 200, 'text/plain', robots(host));
        send(res, 200, 'text/html', html('<h1>Sitemap</h1><ul><li>Home</li><li>Menu</li></ul>'));
      },
    },
    {
      name: 'windows-1252',
      description: 'a windows-1252 page (0x80-0x9F punctuation, Latin-1 letters) with an address',
      hosts: [h('windows-1252')],
      targets: [wf('WF7', page('windows-1252'), 'done')],
      serve: (path, res, _req, host) =>
        path === '/robots.txt'
          ? notFound(res)
          : send(
              res,
              200,
              'text/html; charset=windows-1252',
              Buffer.from(
                html(`<p>Caf\u00e9 M\u00fcller \x93Fr\u00fchst\u00fcck\x94 \x80 5 \x96 \u00e9crivez: cafe@${host}</p>`),
                'latin1',
              ),
            ),
    },
    {
      name: 'shift-jis',
      description: 'a Shift_JIS page (お問い合わせ) with an address',
      hosts: [h('shift-jis')],
      targets: [wf('WF7', page('shift-jis'), 'done')],
      serve: (path, res, _req, host) => {
        if (path === '/robots.txt') return notFound(res);
        const contact = Buffer.from([0x82, 0xa8, 0x96, 0xe2, 0x82, 0xa2, 0x8d, 0x87, 0x82, 0xed, 0x82, 0xb9]);
        send(
          res,
          200,
          'text/html; charset=Shift_JIS',
          Buffer.concat([
            Buffer.from('<html><head><meta charset="Shift_JIS"></head><body><h1>'),
            contact,
            Buffer.from(`</h1><p>info@${host}</p></body></html>`),
          ]),
        );
      },
    },
    {
      name: 'malformed-utf8',
      description:
        'declared UTF-8 with invalid bytes: truncated sequences, an encoded lone surrogate, an overlong slash, 0xFF 0xFE',
      hosts: [h('malformed-utf8')],
      targets: [wf('WF7', page('malformed-utf8'), 'done')],
      serve: (path, res, _req, host) => {
        if (path === '/robots.txt') return notFound(res);
        const bad = Buffer.from([
          0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0xf0, 0x28, 0x8c, 0xbc, 0xed, 0xa0, 0x80, 0xc0, 0xaf, 0xff, 0xfe,
        ]);
        send(
          res,
          200,
          'text/html; charset=utf-8',
          Buffer.concat([
            Buffer.from('<html><body><p>'),
            bad,
            Buffer.from(` hello@${host} `),
            bad,
            Buffer.from('</p></body></html>'),
          ]),
        );
      },
    },
    {
      name: 'deep-html',
      description: '100,000 nested `<div>`s around an address: recursive DOM walks overflow the stack',
      hosts: [h('deep-html')],
      targets: [wf('WF7', page('deep-html'), 'done-or-error')],
      serve: (path, res, _req, host) =>
        path === '/robots.txt'
          ? notFound(res)
          : send(
              res,
              200,
              'text/html',
              `<html><body>${'<div>'.repeat(100_000)}deep@${host}${'</div>'.repeat(100_000)}</body></html>`,
            ),
    },
    {
      name: 'deep-xml',
      description: 'a sitemap with one URL and then 100,000 nested elements',
      hosts: [h('deep-xml')],
      targets: [
        wf('WF5', page('deep-xml', '/sitemap.xml'), 'done-or-error'),
        wf('WF4', home('deep-xml'), 'done-or-error'),
      ],
      serve: (path, res, _req, host) => {
        if (path === '/robots.txt') return send(res, 200, 'text/plain', robots(host));
        if (path === '/sitemap.xml')
          return send(
            res,
            200,
            'application/xml',
            `${XML_HEAD}<urlset xmlns="${SITEMAP_NS}"><url><loc>http://${host}/menu</loc></url>${'<x>'.repeat(100_000)}${'</x>'.repeat(100_000)}</urlset>`,
          );
        notFound(res);
      },
    },
    {
      name: 'billion-laughs',
      description: 'a sitemap with the billion-laughs DTD: entities must not be expanded',
      hosts: [h('billion-laughs')],
      targets: [
        wf('WF5', page('billion-laughs', '/sitemap.xml'), 'done-or-error'),
        wf('WF4', home('billion-laughs'), 'done-or-error'),
      ],
      serve: (path, res, _req, host) => {
        if (path === '/robots.txt') return send(res, 200, 'text/plain', robots(host));
        if (path === '/sitemap.xml') return send(res, 200, 'application/xml', billionLaughsSitemap(host));
        notFound(res);
      },
    },
  ];
  return cases;
}

/** Every case, with `familySize` origins in the robots family (200 reproduces defect 8). */
export function hostileCases(options: { familySize?: number } = {}): ServedCase[] {
  return build(options.familySize ?? 200);
}
