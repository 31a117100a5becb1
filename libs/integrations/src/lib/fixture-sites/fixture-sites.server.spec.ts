import { request } from 'node:http';
import { gunzipSync } from 'node:zlib';

import { contactHost, FIXTURE_HOSTS, FixtureSites, startFixtureSites } from './fixture-sites.server';

describe('fixture sites', () => {
  let sites: FixtureSites;

  beforeAll(async () => {
    sites = await startFixtureSites({ hugeCount: 20_000 });
  });

  afterAll(() => sites.close());

  // fetch() may not set Host; node:http can, as the safe fetcher's connect-to rules do.
  const get = (host: string, path: string) =>
    new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>(
      (resolve, reject) => {
        const req = request({ host: '127.0.0.1', port: sites.port, path, headers: { host } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
          );
        });
        req.on('error', reject);
        req.end();
      },
    );

  it('serves each host by its Host header', async () => {
    expect((await get(FIXTURE_HOSTS.wordpress, '/robots.txt')).body.toString()).toContain(
      `Sitemap: http://${FIXTURE_HOSTS.wordpress}/wp-sitemap.xml`,
    );
    expect((await get(FIXTURE_HOSTS.empty, '/robots.txt')).status).toBe(404);
    const gz = (await get(FIXTURE_HOSTS.wordpress, '/wp-sitemap-posts-post-1.xml.gz')).body;
    expect(gunzipSync(gz).toString()).toContain('/blog/post-25/');
  });

  it('redirects into loops and to forbidden addresses', async () => {
    expect((await get(FIXTURE_HOSTS.redirectLoop, '/sitemap.xml')).headers.location).toBe(
      `http://${FIXTURE_HOSTS.redirectLoop}/sitemap.xml`,
    );
    expect((await get(FIXTURE_HOSTS.ssrf, '/sitemap.xml')).headers.location).toBe(
      'http://169.254.169.254/latest/meta-data/',
    );
  });

  it('streams the huge sitemap with the configured number of URLs', async () => {
    const text = (await get(FIXTURE_HOSTS.huge, '/sitemap.xml')).body.toString();
    expect(text.match(/<loc>/g)).toHaveLength(20_000);
  });

  it('publishes connect-to rules for every host', () => {
    expect(sites.connectTo.split(',')).toHaveLength(Object.keys(FIXTURE_HOSTS).length);
    expect(sites.connectTo).toContain(`${FIXTURE_HOSTS.ssrf}:80:127.0.0.1:${sites.port}`);
  });

  it('serves padded contact pages on the contact hosts only when asked for', async () => {
    expect((await get(contactHost(0), '/page-0')).status).toBe(404);
    const withContacts = await startFixtureSites({ hugeCount: 1, contactHosts: 3 });
    try {
      expect(withContacts.connectTo.split(',')).toHaveLength(Object.keys(FIXTURE_HOSTS).length + 3);
      expect(withContacts.connectTo).toContain(`${contactHost(2)}:80:127.0.0.1:${withContacts.port}`);
      const page = await new Promise<string>((resolve, reject) => {
        const req = request(
          { host: '127.0.0.1', port: withContacts.port, path: '/page-0', headers: { host: contactHost(1) } },
          (res) => {
            let body = '';
            res.on('data', (c: Buffer) => (body += c.toString()));
            res.on('end', () => resolve(body));
          },
        );
        req.on('error', reject);
        req.end();
      });
      expect(page).toContain('mailto:info@sunsetdental.com');
      expect(page.length).toBeGreaterThan(50_000);
    } finally {
      await withContacts.close();
    }
  });
});
