import { commonSitemapUrls, SITEMAP_COMMON_PATHS, sitemapLinksInHtml, sitemapsInRobots } from './sitemap-candidates';
import { isSameSite, normalizePageUrl, siteDomainOf } from './url-normalize';

describe('common sitemap paths', () => {
  it('are the reference list of 18, in order, without duplicates', () => {
    expect(SITEMAP_COMMON_PATHS).toHaveLength(18);
    expect(new Set(SITEMAP_COMMON_PATHS).size).toBe(18);
    expect(SITEMAP_COMMON_PATHS[0]).toBe('/sitemap.xml');
    expect(SITEMAP_COMMON_PATHS[17]).toBe('/sitemapindex.xml');
    expect(SITEMAP_COMMON_PATHS).toEqual(
      expect.arrayContaining([
        '/sitemap.php',
        '/sitemap.txt',
        '/wp-sitemap-posts-post-1.xml',
        '/sitemap-categories-1.xml',
        '/product-sitemap.xml',
      ]),
    );
  });

  it('become absolute URLs on the origin', () => {
    const urls = commonSitemapUrls('https://example.com/some/page?x=1');
    expect(urls[0]).toBe('https://example.com/sitemap.xml');
    expect(urls[5]).toBe('https://example.com/sitemap/sitemap.xml');
  });
});

describe('sitemapsInRobots', () => {
  it('reads Sitemap lines in any case and place, without duplicates, skipping comments and non-http values', () => {
    const robots = [
      'User-agent: *',
      'Disallow: /wp-admin/',
      'Sitemap: https://example.com/sitemap_index.xml',
      'SITEMAP:https://example.com/news-sitemap.xml # news',
      '  sitemap :  https://example.com/sitemap_index.xml',
      '# Sitemap: https://example.com/commented.xml',
      'Sitemap: ftp://example.com/s.xml',
      'Sitemap:',
      'Host: example.com',
    ].join('\r\n');
    expect(sitemapsInRobots(robots)).toEqual([
      'https://example.com/sitemap_index.xml',
      'https://example.com/news-sitemap.xml',
    ]);
  });

  it('resolves relative values only when given the robots URL', () => {
    expect(sitemapsInRobots('Sitemap: /sitemap.xml')).toEqual([]);
    expect(sitemapsInRobots('Sitemap: /sitemap.xml', 'https://example.com/robots.txt')).toEqual([
      'https://example.com/sitemap.xml',
    ]);
  });
});

describe('sitemapLinksInHtml', () => {
  const html = `<!doctype html><html><head>
    <link rel="sitemap" type="application/xml" title="Sitemap" href="/sitemap.xml">
    <link rel="stylesheet" href="/sitemap-style.css">
    </head><body>
    <a href="/sitemap_index.xml">Sitemap</a>
    <a class=x href=page-sitemap.xml>pages</a>
    <A HREF='https://www.example.com/SiteMap.xml#top'>Site map</A>
    <a href="https://blog.example.com/sitemap.xml">blog</a>
    <a href="https://other.com/sitemap.xml">elsewhere</a>
    <a href="/about">About</a>
    <a href="mailto:sitemap@example.com">mail</a>
    <a href="/sitemap.xml?a=1&amp;b=2">entity</a>
    <!-- <a href="/old-sitemap.xml">old</a> -->
    <script>document.write('<a href="/js-sitemap.xml">x</a>')</script>
    <a href="/sitemap_index.xml">again</a>
    </body></html>`;

  it('finds same-site sitemap links, absolute and normalised, in page order', () => {
    expect(sitemapLinksInHtml(html, 'https://example.com/')).toEqual([
      'https://example.com/sitemap.xml',
      'https://example.com/sitemap_index.xml',
      'https://example.com/page-sitemap.xml',
      'https://www.example.com/SiteMap.xml',
      'https://blog.example.com/sitemap.xml',
      'https://example.com/sitemap.xml?a=1&b=2',
    ]);
  });

  it('resolves against <base href>', () => {
    expect(
      sitemapLinksInHtml('<base href="https://example.com/en/"><a href="sitemap.xml">s</a>', 'https://example.com/'),
    ).toEqual(['https://example.com/en/sitemap.xml']);
  });

  it('reads tags as the HTML tokenizer does: ">" inside quotes, unquoted values, a tag cut by the end of the page', () => {
    const page = `<a title="a > b" href="/sitemap-1.xml">1</a><a data-x='"' href=/sitemap-2.xml>2</a><ab href="/sitemap-3.xml"><a href="/sitemap-4.xml`;
    expect(sitemapLinksInHtml(page, 'https://example.com/')).toEqual([
      'https://example.com/sitemap-1.xml',
      'https://example.com/sitemap-2.xml',
    ]);
    expect(
      sitemapLinksInHtml(
        '<script type="x">var s = "<a href=/sitemap.xml>";</SCRIPT ><a href="/sitemap-after.xml">',
        'https://example.com/',
      ),
    ).toEqual(['https://example.com/sitemap-after.xml']);
  });

  it('returns nothing for pages without links or with a bad base URL', () => {
    expect(sitemapLinksInHtml('<p>hello</p>', 'https://example.com')).toEqual([]);
    expect(sitemapLinksInHtml(html, 'not a url')).toEqual([]);
  });
});

describe('normalizePageUrl', () => {
  const sitemap = 'https://example.com/sitemaps/page-sitemap.xml';
  it.each([
    ['https://Example.COM/Path/To?Q=A#frag', 'https://example.com/Path/To?Q=A'],
    ['http://example.com:80/a', 'http://example.com/a'],
    ['https://example.com:443/a', 'https://example.com/a'],
    ['https://example.com:8443/a', 'https://example.com:8443/a'],
    ['  https://example.com/a b  ', 'https://example.com/a%20b'],
    ['https://example.com./x', 'https://example.com/x'],
    ['https://bücher.example/', 'https://xn--bcher-kva.example/'],
    ['https://example.com', 'https://example.com/'],
    ['/relative/page', 'https://example.com/relative/page'],
    ['other.html', 'https://example.com/sitemaps/other.html'],
    ['ftp://example.com/a', null],
    ['javascript:alert(1)', null],
    ['mailto:a@example.com', null],
    ['https://user:pw@example.com/', null],
    ['http://', null],
    ['', null],
    [`https://example.com/${'a'.repeat(2100)}`, null],
  ])('%s → %s', (loc, expected) => {
    expect(normalizePageUrl(loc, sitemap)).toBe(expected);
  });

  it('without a sitemap URL rejects relative locs', () => {
    expect(normalizePageUrl('/a')).toBeNull();
  });
});

describe('isSameSite', () => {
  it.each([
    ['https://example.com/a', 'example.com', true],
    ['https://www.example.com/a', 'example.com', true],
    ['https://example.com/a', 'www.example.com', true],
    ['https://shop.example.com/a', 'example.com', true],
    ['https://EXAMPLE.com./a', 'Example.com', true],
    ['https://example.com/a', 'https://www.example.com/', true],
    ['https://notexample.com/a', 'example.com', false],
    ['https://example.com.evil.net/a', 'example.com', false],
    ['https://other.com/?u=example.com', 'example.com', false],
    ['https://com/a', 'example.com', false],
    ['not a url', 'example.com', false],
    ['https://example.com/a', '', false],
  ])('%s on %s → %s', (url, domain, expected) => {
    expect(isSameSite(url, domain)).toBe(expected);
  });

  it('siteDomainOf strips www., trailing dots and paths', () => {
    expect(siteDomainOf('https://WWW.Example.com./x')).toBe('example.com');
    expect(siteDomainOf('www.example.com')).toBe('example.com');
    expect(siteDomainOf(new URL('http://shop.example.com'))).toBe('shop.example.com');
  });
});
