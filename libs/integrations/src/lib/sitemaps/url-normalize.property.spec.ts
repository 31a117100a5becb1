import fc from 'fast-check';

import { sitemapLinksInHtml, sitemapsInRobots } from './sitemap-candidates';
import { isSameSite, MAX_PAGE_URL_LENGTH, normalizePageUrl, siteDomainOf } from './url-normalize';

/**
 * Property tests: sitemap `<loc>`s, robots.txt lines and homepage links are the open web's. The normaliser never
 * throws, is idempotent, and what it returns is short, printable ASCII (so WF5 inserts it without a sanitising
 * pass per row); the candidate scanners stay linear on hostile pages.
 */

const urlPiece = fc.constantFrom(
  'http://',
  'https://',
  'HTTP://',
  'ftp://',
  'javascript:',
  '//',
  '/',
  '\\',
  '.',
  '..',
  '%',
  '%2e',
  '%00',
  '%zz',
  '?',
  '#',
  '&',
  '=',
  ':',
  '@',
  'user:pw@',
  '[::1]',
  '[',
  ']',
  '127.0.0.1',
  '0x7f.1',
  '1.2.3.4.',
  'example.com',
  'EXAMPLE.COM.',
  'www.',
  'xn--',
  'bücher',
  '日本',
  '😀',
  '\ud800',
  ' ',
  '\t',
  '\n',
  '\u0000',
  '\u001f',
  '\u007f',
  '\u00a0',
  '\ufeff',
  ':8080',
  ':0',
  ':99999',
  'a'.repeat(300),
);
const hostileUrl = fc.oneof(
  fc.array(urlPiece, { maxLength: 12 }).map((p) => p.join('')),
  fc.string({ maxLength: 200 }),
  fc.webUrl({ withFragments: true, withQueryParameters: true }),
);
const base = fc.constantFrom(
  undefined,
  'https://example.com/sitemaps/page-sitemap.xml',
  'http://www.example.com/',
  'https://xn--bcher-kva.example/a/b?c',
);

// Printable ASCII only: WHATWG serialisation percent-encodes controls, spaces and non-ASCII, and punycodes hosts.
const PRINTABLE_ASCII = /^[\x21-\x7e]*$/;

describe('URL normaliser properties', () => {
  it('never throws; output is null or an http(s) URL of printable ASCII within the length cap, idempotent', () => {
    fc.assert(
      fc.property(hostileUrl, base, (loc, sitemapUrl) => {
        const out = normalizePageUrl(loc, sitemapUrl);
        if (out === null) return;
        expect(out.length).toBeLessThanOrEqual(MAX_PAGE_URL_LENGTH);
        expect(out).toMatch(PRINTABLE_ASCII);
        expect(out).toMatch(/^https?:\/\/[^/?#]+/);
        expect(out).not.toContain('#');
        expect(normalizePageUrl(out)).toBe(out);
        expect(normalizePageUrl(out, sitemapUrl)).toBe(out);
        const host = new URL(out).hostname;
        expect(host).not.toBe('');
        expect(host.endsWith('.')).toBe(false);
      }),
      { numRuns: 5000 },
    );
  });

  it('siteDomainOf and isSameSite never throw; a URL is always on its own site', () => {
    fc.assert(
      fc.property(hostileUrl, hostileUrl, (a, b) => {
        const site = siteDomainOf(a);
        expect(site === null || (site.length > 0 && !site.endsWith('.'))).toBe(true);
        expect(typeof isSameSite(a, b)).toBe('boolean');
        const url = normalizePageUrl(a);
        const own = url === null ? null : siteDomainOf(url);
        if (url !== null && own !== null) expect(isSameSite(url, own)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('robots.txt and homepage scanners never throw on random input and return normalised URLs only', () => {
    const html = fc
      .array(
        fc.constantFrom(
          '<a href="',
          '<a href=',
          "<A HREF='",
          '<link rel="sitemap" href="',
          '<base href="',
          '">',
          "'>",
          '>',
          '<',
          '<!--',
          '-->',
          '<script>',
          '</script>',
          '</SCRIPT >',
          'sitemap.xml',
          '/x',
          'https://other.test/sitemap.xml',
          '&amp;',
          ' ',
          '"',
          "'",
          '=',
        ),
        { maxLength: 40 },
      )
      .map((p) => p.join(''));
    fc.assert(
      fc.property(html, fc.string({ maxLength: 300 }), (page, robots) => {
        for (const url of [
          ...sitemapLinksInHtml(page, 'https://example.com/'),
          ...sitemapsInRobots(`${robots}\nSitemap: ${robots}`, 'https://example.com/robots.txt'),
        ]) {
          expect(normalizePageUrl(url)).toBe(url);
        }
        for (const url of sitemapLinksInHtml(page, 'https://example.com/'))
          expect(isSameSite(url, 'example.com')).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  const hostilePages: Record<string, string> = {
    'a million unclosed <a': '<a '.repeat(700_000),
    'unclosed quotes in one tag': `<a href="${'"'.repeat(1)}${"x'".repeat(1_000_000)}`,
    'attribute names without values': `<a ${'b '.repeat(1_000_000)}`,
    'unclosed comments': '<!--'.repeat(500_000),
    'unclosed scripts': '<script>'.repeat(250_000),
    'many sitemap links': '<a href="/sitemap.xml?i">s</a>'.repeat(70_000),
    'many <base>': '<base href="/x/">'.repeat(120_000),
  };

  it.each(Object.keys(hostilePages))('homepage scan of 2 MiB of %s is linear', (name) => {
    const started = performance.now();
    sitemapLinksInHtml(hostilePages[name], 'https://example.com/');
    // Linear: tens of milliseconds. The old regex scan was quadratic here (minutes). 3 s is a wide mechanism bound.
    expect(performance.now() - started).toBeLessThan(3_000);
  });

  it('robots.txt scan of 500 KiB of hostile lines is linear', () => {
    const robots = `${' '.repeat(250_000)}\n${'Sitemap: '.repeat(30_000)}\n${'sitemap:https://example.com/s.xml\n'.repeat(5_000)}`;
    const started = performance.now();
    expect(sitemapsInRobots(robots, 'https://example.com/robots.txt')).toEqual(['https://example.com/s.xml']);
    expect(performance.now() - started).toBeLessThan(3_000);
  });
});
