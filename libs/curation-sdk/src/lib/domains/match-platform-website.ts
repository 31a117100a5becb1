import { parse } from 'tldts';

import { PLATFORM_KIND_NOUNS, PLATFORM_WEBSITES, PlatformWebsite } from './platform-websites';

const BY_SUFFIX: ReadonlyMap<string, PlatformWebsite> = new Map(Object.entries(PLATFORM_WEBSITES));

/**
 * The platform whose address `host` is, or null. `host` is a lower-case ASCII host name as WHATWG leaves it
 * (punycoded, no trailing dot). Walks from the full host up to its ICANN registrable domain, so the longest
 * key wins and the cost is one map lookup (two with the `brand.*` form) per label, whatever the list's size.
 * ICANN rules, not the PSL's private section, decide the registrable domain: with private rules
 * `greenleaf.wixsite.com` would be its own registrable domain and `wixsite.com` never reached.
 */
export function platformWebsiteOf(host: string): PlatformWebsite | null {
  const { domain, publicSuffix } = parse(host, { allowPrivateDomains: false });
  if (domain === null || publicSuffix === null || !(host === domain || host.endsWith(`.${domain}`))) return null;
  let candidate = host;
  for (;;) {
    const brand = `${candidate.slice(0, candidate.length - publicSuffix.length - 1)}.*`;
    const found = BY_SUFFIX.get(candidate) ?? BY_SUFFIX.get(brand);
    if (found !== undefined) return found;
    if (candidate === domain) return null;
    candidate = candidate.slice(candidate.indexOf('.') + 1);
  }
}

/** "a Facebook page", "an Instagram page", "a Wix site on a shared domain". */
export function describePlatformWebsite(platform: PlatformWebsite): string {
  const article = platform.article ?? ('aeiou'.includes(platform.name.charAt(0).toLowerCase()) ? 'an' : 'a');
  return `${article} ${platform.name} ${PLATFORM_KIND_NOUNS[platform.kind]}`;
}
