export * from './lib/google-places/google-places.types';
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
export * from './lib/safe-fetch';
export * from './lib/honeybee';
export * from './lib/sitemaps';
export * from './lib/contacts';
