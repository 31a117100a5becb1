import { DomainNormalization, normalizeDomain, DomainRejection as R } from './normalize-domain';

type Expected = { domain: string } | { rejection: R };
const ok = (domain: string): Expected => ({ domain });
const no = (rejection: R): Expected => ({ rejection });
const outcome = (result: DomainNormalization): Expected => (result.ok ? ok(result.domain) : no(result.rejection));

const CAFE = 'xn--caf-mller-d4a5s.de';
/** A valid-looking host of exactly `length` characters (>= 196): three 63-letter labels, one filler, `.com`. */
const hostOf = (length: number): string =>
  ['a', 'b', 'c']
    .map((c) => c.repeat(63))
    .concat('d'.repeat(length - 196), 'com')
    .join('.');

// Labels with "(old: ...)" are defects of the previous `split('/')` + `replace('www.', '')` implementation.
const cases: [label: string, input: string | null | undefined, expected: Expected][] = [
  // Missing and blank
  ['NULL (old: treated as success)', null, no(R.Missing)],
  ['undefined', undefined, no(R.Missing)],
  ['empty string (old: success with "")', '', no(R.Blank)],
  ['whitespace-only (old: "   " accepted as a domain)', '   ', no(R.Blank)],
  ['tabs and newlines only (old: accepted)', '\t\r\n', no(R.Blank)],
  ['NBSP and unicode spaces only (old: accepted)', '\u00A0\u2003\u3000', no(R.Blank)],

  // Scheme handling
  ['uppercase scheme (old: "HTTPS:")', 'HTTPS://Example.COM', ok('example.com')],
  ['mixed-case scheme (old: "Http:")', 'Http://example.com/', ok('example.com')],
  ['protocol-relative URL (old: "")', '//example.com/path', ok('example.com')],
  ['http: without slashes (old: "http:example.com")', 'http:example.com', ok('example.com')],
  [
    'backslashes, WHATWG reads them as slashes (old: the whole string)',
    'https:\\\\example.com\\path',
    ok('example.com'),
  ],
  ['bare domain', 'example.com', ok('example.com')],

  // Case and whitespace
  ['uppercase host without scheme (old: "WWW.Example.COM")', 'WWW.Example.COM', ok('example.com')],
  ['surrounding spaces (old: "  example.com  ")', '  example.com  ', ok('example.com')],
  ['leading space before scheme (old: " https:")', ' https://example.com', ok('example.com')],
  ['tabs and newlines around (old: kept)', '\t\nhttps://example.com/\r\n', ok('example.com')],
  ['NBSP around (old: kept)', '\u00A0https://example.com\u00A0', ok('example.com')],
  ['zero-width space pasted before scheme', '\u200Bhttps://example.com', ok('example.com')],

  // Port, userinfo, query, fragment, path, trailing dot
  ['port without scheme (old: "example.com:8080")', 'example.com:8080', ok('example.com')],
  ['port with scheme and path (old: "example.com:8443")', 'https://example.com:8443/x', ok('example.com')],
  ['userinfo (old: "user:pw@example.com")', 'https://user:pw@example.com/', ok('example.com')],
  ['query without path or scheme (old: "example.com?x=1")', 'example.com?x=1', ok('example.com')],
  ['query without path (old: "example.com?x=1")', 'https://example.com?x=1', ok('example.com')],
  ['fragment without path (old: "example.com#top")', 'https://example.com#top', ok('example.com')],
  ['path and query', 'https://www.example.com/a/b?c=d&e=f', ok('example.com')],
  ['fragment after path', 'https://example.com/page#section', ok('example.com')],
  ['trailing dot (old: "example.com.")', 'https://example.com./', ok('example.com')],
  ['trailing dot with default port', 'http://example.com.:443/', ok('example.com')],
  ['percent-encoded host', 'http://ex%41mple.com', ok('example.com')],
  ['very long path', `https://example.com/${'a'.repeat(5000)}`, ok('example.com')],

  // www stripping
  ['www inside a label (old: "asite.com")', 'awww.site.com', ok('awww.site.com')],
  ['inner www label (old: "shop.example.com")', 'www.shop.www.example.com', ok('shop.www.example.com')],
  ['every leading www label stripped, so a result normalises to itself', 'www.www.example.com', ok('example.com')],
  ['www2 is a real subdomain', 'www2.example.com', ok('www2.example.com')],
  ['other subdomains kept', 'shop.example.com', ok('shop.example.com')],
  [
    'facebook page URL (old: the platform domain facebook.com); see platform-websites.spec.ts',
    'https://www.facebook.com/joespizza',
    no(R.Platform),
  ],

  // Public suffixes and IDN
  ['multi-part public suffix', 'https://shop.example.co.uk', ok('shop.example.co.uk')],
  ['private suffix (not a site builder)', 'foo.herokuapp.com', ok('foo.herokuapp.com')],
  ['underscore in subdomain', 'http://sub_domain.example.com', ok('sub_domain.example.com')],
  ['IDN (old: left unencoded)', 'café-müller.de', ok(CAFE)],
  ['mixed-case IDN (old: left unencoded and uppercase)', 'https://www.CAFÉ-Müller.DE/', ok(CAFE)],
  ['punycode input kept', `https://${CAFE}`, ok(CAFE)],
  ['IDN TLD', 'ПРИМЕР.рф', ok('xn--e1afmkfd.xn--p1ai')],
  ['fullwidth letters map to ASCII', 'ｅｘａｍｐｌｅ.com', ok('example.com')],

  // Not a website
  ['mailto (old: "mailto:x@y.com")', 'mailto:x@y.com', no(R.NotWebScheme)],
  ['ftp (old: "ftp:")', 'ftp://files.example.com/pub', no(R.NotWebScheme)],
  ['javascript (old: "javascript:alert(1)")', 'javascript:alert(1)', no(R.NotWebScheme)],
  ['tel', 'tel:+15551234567', no(R.NotWebScheme)],
  ['websocket', 'wss://example.com/socket', no(R.NotWebScheme)],

  // IP addresses
  ['IPv4 (old: accepted)', 'http://192.168.1.10/admin', no(R.IpAddress)],
  ['IPv4 with port, no scheme (old: "10.0.0.1:8080")', '10.0.0.1:8080', no(R.IpAddress)],
  ['integer IPv4', 'http://3232235777', no(R.IpAddress)],
  ['hex IPv4', 'http://0xC0A80101/', no(R.IpAddress)],
  ['octal IPv4', 'http://0300.0250.1.1', no(R.IpAddress)],
  ['IPv6 with port (old: "[::1]:8080")', 'http://[::1]:8080/', no(R.IpAddress)],

  // No public suffix
  ['localhost with port (old: "localhost:3000")', 'localhost:3000', no(R.NoPublicSuffix)],
  ['localhost URL', 'http://localhost/', no(R.NoPublicSuffix)],
  ['single label', 'intranet', no(R.NoPublicSuffix)],
  ['unknown TLD', 'foo.intranet', no(R.NoPublicSuffix)],
  ['one-letter unknown TLD', 'a.b', no(R.NoPublicSuffix)],
  ['.local', 'example.local', no(R.NoPublicSuffix)],
  ['.invalid', 'example.invalid', no(R.NoPublicSuffix)],
  ['bare public suffix once www is stripped', 'www.co.uk', no(R.NoPublicSuffix)],
  ['a private suffix itself', 'herokuapp.com', no(R.NoPublicSuffix)],
  ['lone www', 'www', no(R.NoPublicSuffix)],
  ['URLs joined by a newline, which WHATWG deletes', 'https://a.com\nhttps://b.com', no(R.NoPublicSuffix)],

  // Unparseable
  ['scheme only', 'http://', no(R.Unparseable)],
  ['prose', 'not a url', no(R.Unparseable)],
  ['space inside host', 'http://exa mple.com', no(R.Unparseable)],
  ['two URLs joined by a space', 'https://a.com https://b.com', no(R.Unparseable)],
  ['port out of range', 'example.com:99999', no(R.Unparseable)],
  ['empty label', 'http://example..com', no(R.Unparseable)],
  ['leading dot', '.example.com', no(R.Unparseable)],
  ['two trailing dots', 'example.com..', no(R.Unparseable)],
  ['host is only a dot', 'http://./', no(R.Unparseable)],
  ['label longer than 63 characters', `${'a'.repeat(64)}.com`, no(R.Unparseable)],
  ['host of 253 characters', hostOf(253), ok(hostOf(253))],
  ['host of 254 characters (old: accepted; tldts allows 255)', hostOf(254), no(R.Unparseable)],
  ['edge whitespace around a long inner run of spaces', ` x${' '.repeat(50)}x `, no(R.Unparseable)],
  ['very long garbage', 'x '.repeat(3000), no(R.Unparseable)],
];

describe('normalizeDomain', () => {
  it.each(cases)('%s', (_label, input, expected) => {
    expect(outcome(normalizeDomain(input))).toEqual(expected);
  });

  it.each([
    [null, 'website_url is missing'],
    ['  ', 'website_url is blank'],
    ['not a url', '"not a url" is not a valid URL'],
    [' http://192.168.1.10/x ', 'host "192.168.1.10" is an IP address, not a domain'],
    ['http://localhost:3000', 'host "localhost" has no public suffix'],
    ['www.co.uk', 'host "co.uk" is itself a public suffix, not a domain'],
    ['mailto:x@y.com', '"mailto:x@y.com" is not a website (scheme mailto:)'],
    ['.example.com', '".example.com" has no valid host name'],
    [
      'https://www.facebook.com/GreenleafBakery/',
      '"https://www.facebook.com/GreenleafBakery/" is a Facebook page, not the business\'s own site',
    ],
  ])('explains %j as %j', (input, message) => {
    expect(normalizeDomain(input)).toMatchObject({ ok: false, rejection: expect.any(String), message });
  });

  it('names the field given as label', () => {
    expect(normalizeDomain(undefined, 'domain')).toMatchObject({ message: 'domain is missing' });
    expect(normalizeDomain('', 'domain')).toMatchObject({ message: 'domain is blank' });
  });

  it('caps the quoted input at 200 characters', () => {
    const result = normalizeDomain(`  ${'x '.repeat(3000)}`);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toBe(`"${'x '.repeat(100)}…" is not a valid URL`);
  });
});
