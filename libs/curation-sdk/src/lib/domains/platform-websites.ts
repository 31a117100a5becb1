/**
 * Websites that are not a business's own: Google lists many small businesses with a social profile, a review
 * or directory listing, a link-in-bio page, a short link, a booking page, a chat link or a free site on a
 * shared builder as their "website". Deriving a domain from those links every such business to the platform
 * (facebook.com, yelp.com, ...): discovery and page curation would then crawl the platform, and the contacts
 * found would be the platform's. WF3 and the direct domain submit refuse them with the platform's name.
 *
 * This file is the one reviewed list; nothing else in the code names a platform. Review rules:
 * - A key is a host suffix matched on label boundaries: `facebook.com` matches `m.facebook.com` and
 *   `business.facebook.com`, never `facebookbakery.com` or `myfacebook.com`. The longest matching key wins,
 *   so `maps.app.goo.gl` (Google Maps) beats `goo.gl` (a short link) and `sites.google.com` beats `google.*`.
 * - `brand.*` matches the brand under ANY ICANN public suffix (`yelp.com`, `yelp.co.uk`, `yelp.com.au`).
 *   Keep it for brands that run country sites and whose name is not a word a business would register under
 *   some other TLD; everything else is an exact suffix.
 * - Free subdomains of site builders (`greenleaf.square.site`, `greenleaf.wixsite.com`) are per-business
 *   hosts, and the PSL even lists some builders as private suffixes, but they are refused too: the address
 *   belongs to the platform (it lapses or is reassigned with the plan), the pages carry the platform's chrome,
 *   footer, support contacts, robots.txt and sitemaps, and the pipeline's unit is a domain the business owns.
 *   A business whose own domain is merely hosted on a builder (`greenleafbakery.com` on Wix) is unaffected:
 *   matching is by host name, never by what serves it.
 * - Generic developer hosting (herokuapp.com, netlify.app, github.io) is NOT listed: the content there is the
 *   business's own, without platform contacts.
 */

export type PlatformKind =
  | 'social'
  | 'reviews'
  | 'maps'
  | 'link-in-bio'
  | 'url-shortener'
  | 'site-builder'
  | 'marketplace'
  | 'booking'
  | 'messaging';

export interface PlatformWebsite {
  /** As the platform spells itself; the reason reads "is a <name> <noun of the kind>". */
  readonly name: string;
  readonly kind: PlatformKind;
  /** Only where the vowel rule reads wrong ("an X page", "a UENI site"). */
  readonly article?: 'a' | 'an';
}

/** What a link of each kind is, in the refusal reason. */
export const PLATFORM_KIND_NOUNS: Readonly<Record<PlatformKind, string>> = Object.freeze({
  social: 'page',
  reviews: 'listing',
  maps: 'listing',
  'link-in-bio': 'link-in-bio page',
  'url-shortener': 'short link',
  'site-builder': 'site on a shared domain',
  marketplace: 'listing',
  booking: 'booking page',
  messaging: 'chat link',
});

const p = (name: string, kind: PlatformKind, article?: 'a' | 'an'): PlatformWebsite =>
  Object.freeze(article === undefined ? { name, kind } : { name, kind, article });

export const PLATFORM_WEBSITES: Readonly<Record<string, PlatformWebsite>> = Object.freeze({
  // Social networks and content platforms
  'facebook.com': p('Facebook', 'social'),
  'fb.com': p('Facebook', 'social'),
  'fb.me': p('Facebook', 'social'),
  'fb.watch': p('Facebook', 'social'),
  'instagram.com': p('Instagram', 'social'),
  'instagr.am': p('Instagram', 'social'),
  'twitter.com': p('X (Twitter)', 'social', 'an'),
  'x.com': p('X (Twitter)', 'social', 'an'),
  'tiktok.com': p('TikTok', 'social'),
  'youtube.com': p('YouTube', 'social'),
  'youtu.be': p('YouTube', 'social'),
  'linkedin.com': p('LinkedIn', 'social'),
  'pinterest.*': p('Pinterest', 'social'),
  'pin.it': p('Pinterest', 'social'),
  'snapchat.com': p('Snapchat', 'social'),
  'threads.net': p('Threads', 'social'),
  'threads.com': p('Threads', 'social'),
  'tumblr.com': p('Tumblr', 'social'),
  'reddit.com': p('Reddit', 'social'),
  'nextdoor.*': p('Nextdoor', 'social'),
  'medium.com': p('Medium', 'social'),
  'vk.com': p('VK', 'social'),
  'twitch.tv': p('Twitch', 'social'),
  'bsky.app': p('Bluesky', 'social'),
  'vimeo.com': p('Vimeo', 'social'),
  'soundcloud.com': p('SoundCloud', 'social'),
  'behance.net': p('Behance', 'social'),

  // Reviews and business directories
  'yelp.*': p('Yelp', 'reviews'),
  'tripadvisor.*': p('Tripadvisor', 'reviews'),
  'yellowpages.*': p('Yellow Pages', 'reviews'),
  'yell.com': p('Yell', 'reviews'),
  'superpages.com': p('Superpages', 'reviews'),
  'bbb.org': p('BBB', 'reviews'),
  'angi.com': p('Angi', 'reviews'),
  'angieslist.com': p('Angi', 'reviews'),
  'homeadvisor.com': p('HomeAdvisor', 'reviews'),
  'houzz.*': p('Houzz', 'reviews'),
  'thumbtack.com': p('Thumbtack', 'reviews'),
  'porch.com': p('Porch', 'reviews'),
  'bark.com': p('Bark', 'reviews'),
  'checkatrade.com': p('Checkatrade', 'reviews'),
  'trustpilot.com': p('Trustpilot', 'reviews'),
  'foursquare.com': p('Foursquare', 'reviews'),
  'manta.com': p('Manta', 'reviews'),
  'chamberofcommerce.com': p('ChamberofCommerce.com', 'reviews'),
  'birdeye.com': p('Birdeye', 'reviews'),
  'zomato.com': p('Zomato', 'reviews'),

  // Maps and map listings
  'google.*': p('Google Maps', 'maps'),
  'maps.app.goo.gl': p('Google Maps', 'maps'),
  'g.page': p('Google Business Profile', 'maps'),
  'maps.apple.com': p('Apple Maps', 'maps'),
  'bing.com': p('Bing Maps', 'maps'),
  'mapquest.com': p('MapQuest', 'maps'),
  'waze.com': p('Waze', 'maps'),

  // Link-in-bio pages
  'linktr.ee': p('Linktree', 'link-in-bio'),
  'linkin.bio': p('Later', 'link-in-bio'),
  'beacons.ai': p('Beacons', 'link-in-bio'),
  'bio.link': p('bio.link', 'link-in-bio'),
  'lnk.bio': p('Lnk.Bio', 'link-in-bio'),
  'taplink.cc': p('Taplink', 'link-in-bio'),
  'solo.to': p('solo.to', 'link-in-bio'),
  'campsite.bio': p('Campsite', 'link-in-bio'),
  'msha.ke': p('Milkshake', 'link-in-bio'),
  'allmylinks.com': p('AllMyLinks', 'link-in-bio'),
  'linkpop.com': p('Linkpop', 'link-in-bio'),

  // URL shorteners: the target may be the business's site, but WF3 does not fetch, so it cannot know
  'bit.ly': p('Bitly', 'url-shortener'),
  'j.mp': p('Bitly', 'url-shortener'),
  'tinyurl.com': p('TinyURL', 'url-shortener'),
  't.co': p('X (t.co)', 'url-shortener', 'an'),
  'ow.ly': p('Hootsuite (ow.ly)', 'url-shortener'),
  'goo.gl': p('Google (goo.gl)', 'url-shortener'),
  'g.co': p('Google (g.co)', 'url-shortener'),
  'lnkd.in': p('LinkedIn', 'url-shortener'),
  'buff.ly': p('Buffer', 'url-shortener'),
  'rb.gy': p('Rebrandly (rb.gy)', 'url-shortener'),
  'rebrand.ly': p('Rebrandly', 'url-shortener'),
  'cutt.ly': p('Cuttly', 'url-shortener'),
  'shorturl.at': p('ShortURL', 'url-shortener'),
  'is.gd': p('is.gd', 'url-shortener'),
  'v.gd': p('v.gd', 'url-shortener'),
  'tiny.cc': p('tiny.cc', 'url-shortener'),
  't.ly': p('T.LY', 'url-shortener'),
  'bit.do': p('Bit.do', 'url-shortener'),
  'qrco.de': p('QR Code Generator (qrco.de)', 'url-shortener'),

  // Site builders: their free, shared domains (custom domains they host are the business's own)
  'wixsite.com': p('Wix', 'site-builder'),
  'wix.com': p('Wix', 'site-builder'),
  'editorx.io': p('Wix (Editor X)', 'site-builder'),
  'squarespace.com': p('Squarespace', 'site-builder'),
  'square.site': p('Square Online', 'site-builder'),
  'weebly.com': p('Weebly', 'site-builder'),
  'weeblysite.com': p('Weebly', 'site-builder'),
  'godaddysites.com': p('GoDaddy Websites', 'site-builder'),
  'wordpress.com': p('WordPress.com', 'site-builder'),
  'blogspot.*': p('Blogger', 'site-builder'),
  'blogger.com': p('Blogger', 'site-builder'),
  'sites.google.com': p('Google Sites', 'site-builder'),
  // Google's free Business Profile websites (retired in 2024; the addresses now redirect to Maps)
  'business.site': p('Google Business Profile', 'site-builder'),
  'myshopify.com': p('Shopify', 'site-builder'),
  'ueniweb.com': p('UENI', 'site-builder', 'a'),
  'carrd.co': p('Carrd', 'site-builder'),
  'company.site': p('Ecwid', 'site-builder'),
  'mystrikingly.com': p('Strikingly', 'site-builder'),
  'strikingly.com': p('Strikingly', 'site-builder'),
  'jimdosite.com': p('Jimdo', 'site-builder'),
  'jimdofree.com': p('Jimdo', 'site-builder'),
  'yolasite.com': p('Yola', 'site-builder'),
  'site123.me': p('SITE123', 'site-builder'),
  'canva.site': p('Canva', 'site-builder'),
  'webflow.io': p('Webflow', 'site-builder'),
  'multiscreensite.com': p('Duda', 'site-builder'),
  'bigcartel.com': p('Big Cartel', 'site-builder'),

  // Marketplaces, ordering and delivery
  'doordash.com': p('DoorDash', 'marketplace'),
  'order.online': p('DoorDash', 'marketplace'),
  'ubereats.com': p('Uber Eats', 'marketplace'),
  'grubhub.com': p('Grubhub', 'marketplace'),
  'seamless.com': p('Seamless', 'marketplace'),
  'postmates.com': p('Postmates', 'marketplace'),
  'toasttab.com': p('Toast', 'marketplace'),
  'chownow.com': p('ChowNow', 'marketplace'),
  'slicelife.com': p('Slice', 'marketplace'),
  'deliveroo.*': p('Deliveroo', 'marketplace'),
  'clover.com': p('Clover', 'marketplace'),
  'etsy.com': p('Etsy', 'marketplace'),
  'amazon.*': p('Amazon', 'marketplace'),
  'amzn.to': p('Amazon', 'marketplace'),
  'ebay.*': p('eBay', 'marketplace'),
  'shop.app': p('Shop (Shopify)', 'marketplace'),
  'groupon.com': p('Groupon', 'marketplace'),
  'airbnb.*': p('Airbnb', 'marketplace'),
  'booking.com': p('Booking.com', 'marketplace'),
  'vrbo.com': p('Vrbo', 'marketplace'),

  // Booking and scheduling pages
  'opentable.*': p('OpenTable', 'booking'),
  'resy.com': p('Resy', 'booking'),
  'exploretock.com': p('Tock', 'booking'),
  'sevenrooms.com': p('SevenRooms', 'booking'),
  'thefork.com': p('TheFork', 'booking'),
  'calendly.com': p('Calendly', 'booking'),
  'booksy.com': p('Booksy', 'booking'),
  'vagaro.com': p('Vagaro', 'booking'),
  'fresha.com': p('Fresha', 'booking'),
  'schedulicity.com': p('Schedulicity', 'booking'),
  'styleseat.com': p('StyleSeat', 'booking'),
  'mindbodyonline.com': p('Mindbody', 'booking'),
  'squareup.com': p('Square', 'booking'),
  'acuityscheduling.com': p('Acuity Scheduling', 'booking'),
  'as.me': p('Acuity Scheduling', 'booking'),
  'setmore.com': p('Setmore', 'booking'),
  'glossgenius.com': p('GlossGenius', 'booking'),
  'zocdoc.com': p('Zocdoc', 'booking'),
  'simplybook.me': p('SimplyBook.me', 'booking'),
  'treatwell.*': p('Treatwell', 'booking'),

  // Messaging links
  'wa.me': p('WhatsApp', 'messaging'),
  'whatsapp.com': p('WhatsApp', 'messaging'),
  'm.me': p('Messenger', 'messaging'),
  'ig.me': p('Instagram', 'messaging'),
  't.me': p('Telegram', 'messaging'),
  'telegram.me': p('Telegram', 'messaging'),
  'line.me': p('LINE', 'messaging'),
  'lin.ee': p('LINE', 'messaging'),
  'discord.gg': p('Discord', 'messaging'),
  'discord.com': p('Discord', 'messaging'),
});
