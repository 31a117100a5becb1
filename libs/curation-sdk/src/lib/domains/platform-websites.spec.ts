import { parse } from 'tldts';

import { describePlatformWebsite, platformWebsiteOf } from './match-platform-website';
import { DomainRejection, normalizeDomain } from './normalize-domain';
import { PLATFORM_WEBSITES, PlatformKind } from './platform-websites';

type Expected = { platform: string; kind: PlatformKind } | { domain: string };
const platform = (name: string, kind: PlatformKind): Expected => ({ platform: name, kind });
const own = (domain: string): Expected => ({ domain });

function outcome(input: string): Expected | string {
  const result = normalizeDomain(input);
  if (result.ok) return own(result.domain);
  if (result.rejection === DomainRejection.Platform && result.platform)
    return platform(result.platform.name, result.platform.kind);
  return result.message;
}

// Shapes as Google Places and people write them: www./m./country hosts, paths, queries, case, ports, http, IDN.
const cases: [input: string, expected: Expected][] = [
  // Social
  ['https://www.facebook.com/GreenleafBakery/', platform('Facebook', 'social')],
  ['https://m.facebook.com/GreenleafBakery', platform('Facebook', 'social')],
  ['http://facebook.com/pages/Greenleaf-Bakery/123456789', platform('Facebook', 'social')],
  ['https://business.facebook.com/GreenleafBakery/?ref=page_internal', platform('Facebook', 'social')],
  ['https://web.facebook.com/profile.php?id=100063', platform('Facebook', 'social')],
  ['HTTPS://WWW.FACEBOOK.COM/GreenleafBakery', platform('Facebook', 'social')],
  ['facebook.com/GreenleafBakery', platform('Facebook', 'social')],
  ['https://www.facebook.com:443/GreenleafBakery', platform('Facebook', 'social')],
  ['https://www.facebook.com./GreenleafBakery', platform('Facebook', 'social')],
  ['https://ｆａｃｅｂｏｏｋ.com/GreenleafBakery', platform('Facebook', 'social')],
  ['https://fb.com/GreenleafBakery', platform('Facebook', 'social')],
  ['https://fb.me/GreenleafBakery', platform('Facebook', 'social')],
  ['https://www.instagram.com/greenleaf.bakery/?hl=en', platform('Instagram', 'social')],
  ['https://twitter.com/greenleafbakes', platform('X (Twitter)', 'social')],
  ['https://x.com/greenleafbakes', platform('X (Twitter)', 'social')],
  ['https://www.tiktok.com/@greenleafbakery', platform('TikTok', 'social')],
  ['https://www.youtube.com/@GreenleafBakery', platform('YouTube', 'social')],
  ['https://m.youtube.com/channel/UC123', platform('YouTube', 'social')],
  ['https://www.linkedin.com/company/greenleaf-bakery', platform('LinkedIn', 'social')],
  ['https://www.pinterest.com/greenleafbakery/', platform('Pinterest', 'social')],
  ['https://uk.pinterest.co.uk/greenleafbakery/', platform('Pinterest', 'social')],
  ['https://nextdoor.com/pages/greenleaf-bakery-portland-or/', platform('Nextdoor', 'social')],

  // Reviews and directories, under several country domains
  ['https://www.yelp.com/biz/greenleaf-bakery-portland', platform('Yelp', 'reviews')],
  ['https://m.yelp.com/biz/greenleaf-bakery-portland?osq=bakery', platform('Yelp', 'reviews')],
  ['https://www.yelp.co.uk/biz/greenleaf-bakery-london', platform('Yelp', 'reviews')],
  ['https://www.yelp.com.au/biz/greenleaf-bakery-sydney', platform('Yelp', 'reviews')],
  [
    'https://www.tripadvisor.com/Restaurant_Review-g52024-d1-Reviews-Greenleaf.html',
    platform('Tripadvisor', 'reviews'),
  ],
  [
    'https://www.tripadvisor.de/Restaurant_Review-g187323-d2-Reviews-Greenleaf.html',
    platform('Tripadvisor', 'reviews'),
  ],
  ['https://www.yellowpages.com/portland-or/mip/greenleaf-bakery-1234', platform('Yellow Pages', 'reviews')],
  ['https://www.bbb.org/us/or/portland/profile/bakery/greenleaf-1296-1000', platform('BBB', 'reviews')],
  ['https://www.angi.com/companylist/us/or/portland/greenleaf-reviews-1.htm', platform('Angi', 'reviews')],
  ['https://www.houzz.com/professionals/general-contractors/greenleaf-pfvwus-pf~1', platform('Houzz', 'reviews')],

  // Maps
  ['https://www.google.com/maps/place/Greenleaf+Bakery/@45.5,-122.6,17z', platform('Google Maps', 'maps')],
  ['https://maps.google.com/?cid=1234567890', platform('Google Maps', 'maps')],
  ['https://www.google.co.uk/maps/place/Greenleaf', platform('Google Maps', 'maps')],
  ['https://maps.app.goo.gl/AbCdEf123', platform('Google Maps', 'maps')],
  ['https://g.page/greenleaf-bakery?share', platform('Google Business Profile', 'maps')],

  // Shared site builders: a free address on the builder's domain, with or without a path
  ['https://greenleaf.wixsite.com/bakery', platform('Wix', 'site-builder')],
  ['greenleaf.wixsite.com/bakery', platform('Wix', 'site-builder')],
  ['https://greenleaf.wix.com/bakery', platform('Wix', 'site-builder')],
  ['https://greenleaf.square.site/', platform('Square Online', 'site-builder')],
  ['https://greenleaf-bakery.business.site/?utm_source=gmb', platform('Google Business Profile', 'site-builder')],
  ['https://sites.google.com/view/greenleafbakery/home', platform('Google Sites', 'site-builder')],
  ['https://greenleaf.squarespace.com', platform('Squarespace', 'site-builder')],
  ['http://greenleaf.weebly.com', platform('Weebly', 'site-builder')],
  ['https://greenleaf.godaddysites.com/', platform('GoDaddy Websites', 'site-builder')],
  ['https://greenleafbakery.wordpress.com/about/', platform('WordPress.com', 'site-builder')],
  ['https://greenleafbakery.blogspot.com/', platform('Blogger', 'site-builder')],
  ['https://greenleafbakery.blogspot.co.uk/', platform('Blogger', 'site-builder')],
  ['https://greenleaf-bakery.myshopify.com/collections/all', platform('Shopify', 'site-builder')],
  ['https://greenleaf-bakery.ueniweb.com/', platform('UENI', 'site-builder')],
  ['https://greenleaf.carrd.co/', platform('Carrd', 'site-builder')],
  ['wixsite.com', platform('Wix', 'site-builder')],

  // Link-in-bio pages and short links
  ['https://linktr.ee/greenleafbakery', platform('Linktree', 'link-in-bio')],
  ['https://linkin.bio/greenleafbakery', platform('Later', 'link-in-bio')],
  ['https://beacons.ai/greenleafbakery', platform('Beacons', 'link-in-bio')],
  ['https://bit.ly/3GrnLf', platform('Bitly', 'url-shortener')],
  ['http://BIT.LY/3GrnLf?r=qr', platform('Bitly', 'url-shortener')],
  ['https://tinyurl.com/greenleaf-menu', platform('TinyURL', 'url-shortener')],
  ['https://t.co/Abc123', platform('X (t.co)', 'url-shortener')],
  ['https://ow.ly/Ab1c50Q', platform('Hootsuite (ow.ly)', 'url-shortener')],
  ['https://goo.gl/maps/AbCdEf', platform('Google (goo.gl)', 'url-shortener')],

  // Marketplaces, ordering, booking, messaging
  ['https://www.doordash.com/store/greenleaf-bakery-portland-123/', platform('DoorDash', 'marketplace')],
  ['https://www.ubereats.com/store/greenleaf-bakery/abc', platform('Uber Eats', 'marketplace')],
  ['https://www.grubhub.com/restaurant/greenleaf-bakery/123', platform('Grubhub', 'marketplace')],
  ['https://www.toasttab.com/greenleaf-bakery/v3', platform('Toast', 'marketplace')],
  ['https://www.etsy.com/shop/GreenleafBakes', platform('Etsy', 'marketplace')],
  ['https://www.amazon.com/shops/greenleaf', platform('Amazon', 'marketplace')],
  ['https://www.amazon.co.uk/stores/Greenleaf/page/1', platform('Amazon', 'marketplace')],
  ['https://www.ebay.com/str/greenleafbakery', platform('eBay', 'marketplace')],
  ['https://www.opentable.com/r/greenleaf-bakery-portland', platform('OpenTable', 'booking')],
  ['https://calendly.com/greenleaf/consultation', platform('Calendly', 'booking')],
  ['https://booksy.com/en-us/12345_greenleaf-salon', platform('Booksy', 'booking')],
  ['https://www.vagaro.com/greenleafsalon', platform('Vagaro', 'booking')],
  ['https://www.fresha.com/a/greenleaf-salon-london-abc', platform('Fresha', 'booking')],
  ['https://wa.me/15035550123', platform('WhatsApp', 'messaging')],
  ['https://api.whatsapp.com/send?phone=15035550123', platform('WhatsApp', 'messaging')],
  ['https://t.me/greenleafbakery', platform('Telegram', 'messaging')],

  // The business's own domains, including look-alikes of platform names and sites merely built with a builder
  ['https://www.greenleafbakery.com/', own('greenleafbakery.com')],
  ['https://facebookbakery.com/', own('facebookbakery.com')],
  ['https://www.myfacebook.com.au/', own('myfacebook.com.au')],
  ['https://myyelp-bakery.com', own('myyelp-bakery.com')],
  ['https://yelpers.co.uk/', own('yelpers.co.uk')],
  ['https://bitly-shop.com/', own('bitly-shop.com')],
  ['https://linktree-florist.com/', own('linktree-florist.com')],
  ['https://facebook.com.greenleafbakery.com/', own('facebook.com.greenleafbakery.com')],
  ['https://greenleaf-wixsite.com/', own('greenleaf-wixsite.com')],
  ['https://shop.greenleafbakery.co.uk/bakery', own('shop.greenleafbakery.co.uk')],
  ['https://www.googlebakery.com/maps', own('googlebakery.com')],
  // A homograph with a Cyrillic "а" is someone's own domain, not Facebook
  ['https://fаcebook.com/', own('xn--fcebook-2fg.com')],
  ['https://greenleaf.herokuapp.com/', own('greenleaf.herokuapp.com')],
];

describe('platform websites (not the business own site)', () => {
  it('has a table of at least 40 real-shaped URLs', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  it.each(cases)('%s', (input, expected) => {
    expect(outcome(input)).toEqual(expected);
  });

  it.each([
    [
      'https://www.facebook.com/GreenleafBakery/',
      '"https://www.facebook.com/GreenleafBakery/" is a Facebook page, not the business\'s own site',
    ],
    [
      'https://www.instagram.com/greenleaf/',
      '"https://www.instagram.com/greenleaf/" is an Instagram page, not the business\'s own site',
    ],
    ['https://x.com/greenleaf', '"https://x.com/greenleaf" is an X (Twitter) page, not the business\'s own site'],
    [
      'https://greenleaf.wixsite.com/bakery',
      '"https://greenleaf.wixsite.com/bakery" is a Wix site on a shared domain, not the business\'s own site',
    ],
    ['https://bit.ly/3GrnLf', '"https://bit.ly/3GrnLf" is a Bitly short link, not the business\'s own site'],
    [
      'https://www.yelp.com/biz/greenleaf',
      '"https://www.yelp.com/biz/greenleaf" is a Yelp listing, not the business\'s own site',
    ],
    [
      'https://greenleaf.ueniweb.com',
      '"https://greenleaf.ueniweb.com" is a UENI site on a shared domain, not the business\'s own site',
    ],
  ])('names the platform for %s', (input, message) => {
    expect(normalizeDomain(input)).toMatchObject({ ok: false, rejection: DomainRejection.Platform, message });
  });

  describe('the reviewed list', () => {
    const keys = Object.keys(PLATFORM_WEBSITES);

    it.each(keys)('%s is a lower-case host suffix (or brand.*) that resolves to its own entry', (key) => {
      expect(key).toBe(key.toLowerCase());
      const host = key.endsWith('.*') ? `${key.slice(0, -2)}.com` : key;
      const icann = parse(host, { allowPrivateDomains: false });
      // a key is at or under an ICANN registrable domain, or the walk never reaches it
      expect(icann.domain).not.toBeNull();
      expect(host === icann.domain || host.endsWith(`.${icann.domain}`)).toBe(true);
      expect(platformWebsiteOf(host)).toBe(PLATFORM_WEBSITES[key]);
      expect(platformWebsiteOf(`greenleaf.${host}`)).toBe(PLATFORM_WEBSITES[key]);
      expect(platformWebsiteOf(`greenleaf${host}`)).not.toBe(PLATFORM_WEBSITES[key]);
      expect(PLATFORM_WEBSITES[key].name).not.toBe('');
    });

    it('names every platform with a readable article', () => {
      const described = new Set(Object.values(PLATFORM_WEBSITES).map(describePlatformWebsite));
      expect(described).toContain('an Amazon listing');
      expect(described).toContain('an eBay listing');
      expect(described).toContain('a Linktree link-in-bio page');
      expect(described).toContain('a Calendly booking page');
      expect(described).toContain('a WhatsApp chat link');
    });
  });
});
