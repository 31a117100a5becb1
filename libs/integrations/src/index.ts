export { extractContacts } from './lib/contacts/contact-extractor';
export type { ExtractedContacts } from './lib/contacts/contact-extractor';
export { GooglePlacesError } from './lib/google-places/google-places.types';
export type { PlaceDetails, PlaceSearchHit } from './lib/google-places/google-places.types';
export { categorizeUrl, honeybeeJson, importDisposition } from './lib/honeybee/honeybee';
export { compileRobots, parseRobots, productToken, ROBOTS_CACHE_DEFAULTS, RobotsCache } from './lib/safe-fetch/robots';
export { SafeFetcher } from './lib/safe-fetch/safe-fetch';
export type { SafeFetchSharedOptions } from './lib/safe-fetch/safe-fetch';
export { politenessKey } from './lib/safe-fetch/host-budget';
export type { HostBudget, HostTurn } from './lib/safe-fetch/host-budget';
export { HostGateWaitError } from './lib/safe-fetch/host-gate';
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
export {
  CRM_ERROR_CODES,
  CRM_SERVICE_LABELS,
  CrmClientError,
  isCrmClientError,
} from './lib/http-client/crm-client-error';
export type { CrmErrorCode, CrmService } from './lib/http-client/crm-client-error';
export type { CrmCallOptions, CrmHttpSettings } from './lib/http-client/json-http';
export { parseRetryAfter, DEFAULT_RETRY_AFTER_CAP_MS } from './lib/http-client/retry-after';
export { splitName } from './lib/http-client/delivery-contact';
export type { DeliveryContact } from './lib/http-client/delivery-contact';
export { DebounceClient, DEFAULT_DEBOUNCE_BASE_URL } from './lib/debounce/debounce.client';
export type { DebounceClientOptions, DebounceValidation } from './lib/debounce/debounce.client';
export {
  DEBOUNCE_CODES,
  DEBOUNCE_CODE_SCORES,
  EMAIL_VALIDATION_RESULTS,
  EmailValidation,
  debounceScore,
  mapDebounceResult,
} from './lib/debounce/debounce.mapping';
export type { EmailValidationResult } from './lib/debounce/debounce.mapping';
export { BrevoClient, DEFAULT_BREVO_BASE_URL } from './lib/brevo/brevo.client';
export type { BrevoClientOptions, BrevoContactRequest, BrevoUpsertResult } from './lib/brevo/brevo.client';
export { brevoAttributes, internationalPhone } from './lib/brevo/brevo.mapping';
export type { BrevoAttributes, BrevoAttributeValue } from './lib/brevo/brevo.mapping';
export { DEFAULT_HUBSPOT_BASE_URL, HUBSPOT_MAX_BATCH, HubSpotClient } from './lib/hubspot/hubspot.client';
export type {
  HubSpotBatchUpsertResult,
  HubSpotClientOptions,
  HubSpotContactInput,
  HubSpotItemError,
  HubSpotUpsertedContact,
} from './lib/hubspot/hubspot.client';
export { DEFAULT_HUBSPOT_PROPERTY_NAMES, hubspotProperties } from './lib/hubspot/hubspot.mapping';
export type { HubSpotPropertyNames } from './lib/hubspot/hubspot.mapping';
export { N8nClient } from './lib/n8n/n8n.client';
export type { N8nClientOptions, N8nDeliveryResult, N8nSendOptions } from './lib/n8n/n8n.client';
export { n8nContactPayload, n8nIdempotencyKey } from './lib/n8n/n8n.mapping';
export type { N8nContactPayload } from './lib/n8n/n8n.mapping';
