import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

/**
 * The offline demo's web: every business the demo's fake Google Places finds has a website under
 * {@link DEMO_SITE_DOMAIN}, and this one loopback server answers all of them by Host header, the way a small
 * business site would: robots.txt naming its sitemap, a sitemap of its pages, and a contact page with a person's
 * address (DeBounce's fake finds it deliverable) and a role address (risky), so every stage has work to show.
 * The domain is one we use only here: the worker reaches it through `*.` connect-to rules, never through DNS.
 */
export const DEMO_SITE_DOMAIN = 'curation-demo.dev';

const SLUG_MAX = 40;

/** `dentist in Austin, TX` → `dentist-in-austin-tx`: a host label, never longer than {@link SLUG_MAX}. */
export function demoSlug(text: string): string {
  // Four times the slug's length is plenty to fill it, and keeps a long query from being normalised whole.
  const slug = text
    .slice(0, SLUG_MAX * 4)
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, SLUG_MAX)
    .replace(/^-+|-+$/g, '');
  return slug === '' ? 'business' : slug;
}

/**
 * The website the demo's fake Places gives place `index` of `query`: `https://www.<slug>-<n>.<demo domain>/`, with
 * the tracking parameters Google listings carry (WF3 strips `www.` and the rest). Every tenth place has none,
 * as on Google, so WF3's "no website" failure shows too.
 */
export function demoWebsite(query: string, index: number): string | null {
  if (index % 10 === 9) return null;
  return `https://www.${demoSlug(query)}-${index + 1}.${DEMO_SITE_DOMAIN}/?utm_source=google&utm_medium=organic`;
}

/** The person and role addresses a demo site's contact page shows. */
export function demoContactEmails(host: string): { person: string; role: string } {
  const site = host.replace(/^www\./, '');
  return { person: `jordan.avery@${site}`, role: `hello@${site}` };
}

const PAGES = ['/', '/about-us/', '/contact/', '/services/', '/services/consultations/', '/blog/opening-hours/'];

const page = (title: string, body: string): string =>
  `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body>` +
  `<header><nav><a href="/">Home</a> <a href="/services/">Services</a> <a href="/about-us/">About us</a> <a href="/contact/">Contact</a></nav></header>` +
  `<main>${body}</main><footer><p>&copy; 2026 ${title}</p></footer></body></html>`;

const nameOf = (host: string): string =>
  host
    .replace(/^www\./, '')
    .split('.')[0]
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');

function answer(host: string, path: string): { status: number; type: string; body: string } {
  const name = nameOf(host);
  const origin = `http://${host}`;
  const html = (body: string) => ({ status: 200, type: 'text/html; charset=utf-8', body: page(name, body) });
  switch (path) {
    case '/robots.txt':
      return {
        status: 200,
        type: 'text/plain',
        body: `User-agent: *\nDisallow: /wp-admin/\n\nSitemap: ${origin}/sitemap.xml\n`,
      };
    case '/sitemap.xml':
      return {
        status: 200,
        type: 'application/xml',
        body:
          `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n` +
          PAGES.map((p) => `  <url><loc>${origin}${p}</loc><lastmod>2026-11-02</lastmod></url>`).join('\n') +
          `\n</urlset>\n`,
      };
    case '/': {
      return html(`<h1>${name}</h1><p>Family owned since 1998. <a href="/contact/">Book a visit</a>.</p>`);
    }
    case '/contact/': {
      const { person, role } = demoContactEmails(host);
      return html(
        `<h1>Contact ${name}</h1><section class="team"><h2>Jordan Avery, practice manager</h2>` +
          `<p>Email: <a href="mailto:${person}">${person}</a></p><p>Phone: <a href="tel:+15125550188">(512) 555-0188</a></p></section>` +
          `<p>General questions: <a href="mailto:${role}">${role}</a></p>`,
      );
    }
    case '/about-us/':
      return html(`<h1>About ${name}</h1><p>A small team that knows its neighbours by name.</p>`);
    default:
      if (PAGES.includes(path)) return html(`<h1>${name}</h1><p>${path.replace(/\//g, ' ').trim()}</p>`);
      return { status: 404, type: 'text/plain', body: 'not found' };
  }
}

export interface DemoSites {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  /**
   * FETCH_CONNECT_TO for the worker: every demo host's port 80 to this server, its port 443 to a closed port (so the
   * fetcher's https attempt is refused and it falls back to http, as for a site without TLS).
   */
  readonly connectTo: string;
  /** Requests answered, host and path, oldest first (capped: the demo runs for hours). */
  readonly requests: readonly { host: string; path: string }[];
  close(): Promise<void>;
}

const REQUEST_LOG_CAP = 10_000;

export async function startDemoSites(options: { port?: number } = {}): Promise<DemoSites> {
  const requests: { host: string; path: string }[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
    let path: string;
    try {
      path = new URL(req.url ?? '/', 'http://demo').pathname;
    } catch {
      // A request line no URL parser accepts (`GET http://[/`) is the client's error, not a reason to stop npm start.
      res.writeHead(400, { 'content-type': 'text/plain' }).end('bad request');
      return;
    }
    if (requests.length >= REQUEST_LOG_CAP) requests.shift();
    requests.push({ host, path });
    const reply = host.endsWith(`.${DEMO_SITE_DOMAIN}`)
      ? answer(host, path)
      : { status: 404, type: 'text/plain', body: 'not a demo site' };
    res.writeHead(reply.status, { 'content-type': reply.type, 'content-length': Buffer.byteLength(reply.body) });
    res.end(req.method === 'HEAD' ? undefined : reply.body);
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    connectTo: `*.${DEMO_SITE_DOMAIN}:80:127.0.0.1:${port},*.${DEMO_SITE_DOMAIN}:443:127.0.0.1:1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
