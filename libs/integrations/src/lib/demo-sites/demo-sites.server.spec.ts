import { request } from 'node:http';
import { connect } from 'node:net';

import { parseConnectTo } from '../safe-fetch/safe-fetch.types';
import { DEMO_SITE_DOMAIN, DemoSites, demoSlug, demoWebsite, startDemoSites } from './demo-sites.server';

describe('demo sites', () => {
  let sites: DemoSites;
  const host = `dentist-in-austin-tx-1.${DEMO_SITE_DOMAIN}`;
  // fetch() may not set Host; node:http may, as a connect-to'd fetcher does.
  const get = (path: string, as = host) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(`${sites.url}${path}`, { headers: { host: as } }, (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject).end();
    });

  beforeAll(async () => {
    sites = await startDemoSites();
  });
  afterAll(() => sites.close());

  it('gives every place but every tenth a website under the demo domain, named after the search', () => {
    expect(demoWebsite('dentist in Austin, TX', 0)).toBe(
      `https://www.dentist-in-austin-tx-1.${DEMO_SITE_DOMAIN}/?utm_source=google&utm_medium=organic`,
    );
    expect(demoWebsite('dentist in Austin, TX', 9)).toBeNull();
    expect(demoSlug('  Ärzte & Co — München!! ')).toBe('arzte-co-munchen');
    expect(demoSlug('x'.repeat(200))).toHaveLength(40);
    expect(demoSlug('!!!')).toBe('business');
  });

  it('answers robots.txt, a sitemap of the site and a contact page with two addresses, by Host', async () => {
    expect((await get('/robots.txt')).text).toContain(`Sitemap: http://${host}/sitemap.xml`);
    const sitemap = await get('/sitemap.xml');
    expect(sitemap.text).toContain(`<loc>http://${host}/contact/</loc>`);
    expect(sitemap.text.match(/<loc>/g)).toHaveLength(6);
    const contact = await get('/contact/');
    expect(contact.text).toContain(`mailto:jordan.avery@${host}`);
    expect(contact.text).toContain(`mailto:hello@${host}`);
    expect((await get('/nothing-here')).status).toBe(404);
    expect((await get('/robots.txt', 'someone-else.com')).status).toBe(404);
  });

  it('answers a request line no URL parser accepts with 400, and keeps serving', async () => {
    const port = Number(new URL(sites.url).port);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.end('GET http://[/ HTTP/1.1\r\nHost: x\r\n\r\n'));
      let text = '';
      socket.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      socket.on('end', () => resolve(text)).on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400/);
    expect((await get('/robots.txt')).status).toBe(200);
  });

  it('maps every demo host, and only those, to itself (https to a closed port)', () => {
    const rules = parseConnectTo(sites.connectTo);
    expect(rules.map((r) => [r.host, r.port, r.targetPort])).toEqual([
      [`*.${DEMO_SITE_DOMAIN}`, 80, Number(new URL(sites.url).port)],
      [`*.${DEMO_SITE_DOMAIN}`, 443, 1],
    ]);
  });
});
