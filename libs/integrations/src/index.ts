export { extractContacts } from './lib/contacts/contact-extractor';
export type { ExtractedContacts } from './lib/contacts/contact-extractor';
export { GooglePlacesError } from './lib/google-places/google-places.types';
export type { PlaceDetails, PlaceSearchHit } from './lib/google-places/google-places.types';
export { categorizeUrl, honeybeeJson, importDisposition } from './lib/honeybee/honeybee';
export { ROBOTS_CACHE_DEFAULTS, RobotsCache } from './lib/safe-fetch/robots';
export { SafeFetcher } from './lib/safe-fetch/safe-fetch';
export {
  SAFE_FETCH_ERROR_CODES,
  SafeFetchError,
  parseConnectTo,
  parsePortList,
} from './lib/safe-fetch/safe-fetch.types';
export type {
  SafeFetchErrorCode,
  SafeFetchInit,
  SafeFetchResponse,
  SafeFetchStreamResponse,
} from './lib/safe-fetch/safe-fetch.types';
export { ChildSitemaps } from './lib/sitemaps/child-sitemaps';
export { DEFAULT_SITEMAP_BUDGET, ReasonList, SitemapBudget } from './lib/sitemaps/sitemap-budget';
export type { SitemapBudgetLimits } from './lib/sitemaps/sitemap-budget';
export { commonSitemapUrls, sitemapLinksInHtml, sitemapsInRobots } from './lib/sitemaps/sitemap-candidates';
export { parseSitemapBatches, parseSitemapStream } from './lib/sitemaps/sitemap-parser';
export { SITEMAP_PROTOCOL_MAX_BYTES, SITEMAP_PROTOCOL_MAX_URLS, SitemapParseError } from './lib/sitemaps/sitemap.types';
export type { SitemapSummary } from './lib/sitemaps/sitemap.types';
export { isSameSite, normalizePageUrl, siteDomainOf } from './lib/sitemaps/url-normalize';
export {
  DEFAULT_PLACES_BASE_URLS,
  GooglePlacesClient,
  LEGACY_DETAILS_FIELDS,
  NEW_DETAILS_FIELD_MASK,
  NEW_SEARCH_FIELD_MASK,
  redactKey,
} from './lib/google-places/google-places.client';
export type {
  GooglePlacesClientOptions,
  PlaceSearchAllRequest,
  PlaceSearchRequest,
} from './lib/google-places/google-places.client';
