import { setTimeout as sleep } from 'node:timers/promises';

import { describeTransportError, errorField } from '../http-client/transport-error';
import {
  at,
  isJsonObject,
  JsonObject,
  legacyDetails,
  legacySearchHit,
  newDetails,
  newSearchHit,
  objects,
  text,
} from './google-places.mapping';
import {
  GooglePlacesError,
  GooglePlacesErrorKind,
  PlaceDetails,
  PlacesApiFlavour,
  PlaceSearchAllResult,
  PlaceSearchHit,
  PlaceSearchPage,
} from './google-places.types';
import { RequestSpacer } from './request-spacer';

export const DEFAULT_PLACES_BASE_URLS: Readonly<Record<PlacesApiFlavour, string>> = {
  legacy: 'https://maps.googleapis.com',
  new: 'https://places.googleapis.com',
};

/** The reference's `gmaps.place(place_id, fields=[...])` list (legacy names). */
export const LEGACY_DETAILS_FIELDS = [
  'name',
  'formatted_address',
  'address_components',
  'formatted_phone_number',
  'international_phone_number',
  'website',
  'rating',
  'user_ratings_total',
  'price_level',
  'types',
  'geometry',
  'opening_hours',
  'business_status',
  'utc_offset',
] as const;

/** Places API (New) bills by field mask; these are the same facts as the legacy lists. `nextPageToken` must be asked for or paging stops after 20. */
export const NEW_SEARCH_FIELD_MASK = [
  'places.id',
  'places.displayName',
  'places.formattedAddress',
  'places.shortFormattedAddress',
  'places.types',
  'places.primaryType',
  'places.location',
  'places.rating',
  'places.userRatingCount',
  'places.priceLevel',
  'places.businessStatus',
  'nextPageToken',
].join(',');

export const NEW_DETAILS_FIELD_MASK = [
  'id',
  'displayName',
  'formattedAddress',
  'addressComponents',
  'nationalPhoneNumber',
  'internationalPhoneNumber',
  'websiteUri',
  'rating',
  'userRatingCount',
  'priceLevel',
  'types',
  'primaryType',
  'location',
  'regularOpeningHours',
  'businessStatus',
  'utcOffsetMinutes',
].join(',');

export interface GooglePlacesClientOptions {
  flavour: PlacesApiFlavour;
  apiKey: string;
  /** Defaults to Google's host for the flavour ({@link DEFAULT_PLACES_BASE_URLS}). May carry a path prefix. */
  baseUrl?: string | null;
  /** Per request, headers and body included. Default 10 000. */
  timeoutMs?: number;
  /** Shared by every call of this client; 0 = unlimited. Default 10. */
  requestsPerSecond?: number;
  /** Legacy only: a `next_page_token` is not valid for about 2 s after it is issued. Default 2000. */
  pageTokenDelayMs?: number;
  /** Language of names and opening-hours text. Default "en" (the hours mapping reads English weekday names). */
  language?: string;
}

export interface PlaceSearchRequest {
  query: string;
  radiusMeters?: number | null;
  /** Centre of the search circle; the new flavour can only bias by radius around a centre. */
  location?: { latitude: number; longitude: number } | null;
  pageToken?: string | null;
}

export interface PlaceSearchAllRequest extends Omit<PlaceSearchRequest, 'pageToken'> {
  /** At least 1. Google stops at 3 pages (60 places) anyway. */
  maxPages: number;
}

/** Per call: the caller's deadline or shutdown. Aborting it ends the call (waits included) with a retryable error. */
export interface GoogleCallOptions {
  signal?: AbortSignal;
}

interface HttpRequest {
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: JsonObject;
  /** What the call was for, used in error messages ("text search", "details <id>"). */
  action: string;
  signal?: AbortSignal;
}

interface HttpAnswer {
  httpStatus: number;
  ok: boolean;
  /** undefined when the body was not JSON. */
  json: unknown;
}

/** Legacy body statuses that succeed (ZERO_RESULTS = success with nothing). */
const LEGACY_SUCCESS = new Set(['OK', 'ZERO_RESULTS']);
const LEGACY_RETRYABLE = new Set(['OVER_QUERY_LIMIT', 'UNKNOWN_ERROR']);

/**
 * Google Places client for both API flavours, returning one normalized shape. It does not retry (the scheduler
 * loop owns attempts and backoff) except the legacy page-token case, and it never logs: errors are
 * {@link GooglePlacesError}s whose messages are free of the API key.
 */
export class GooglePlacesClient {
  readonly flavour: PlacesApiFlavour;
  private readonly apiKey: string;
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly pageTokenDelayMs: number;
  private readonly language: string;
  private readonly spacer: RequestSpacer;

  constructor(options: GooglePlacesClientOptions) {
    if (!options.apiKey) throw new GooglePlacesError('permanent', 'MISSING_API_KEY', 'Google Places API key is empty');
    this.flavour = options.flavour;
    this.apiKey = options.apiKey;
    this.baseUrl = (options.baseUrl || DEFAULT_PLACES_BASE_URLS[options.flavour]).replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.pageTokenDelayMs = options.pageTokenDelayMs ?? 2_000;
    this.language = options.language ?? 'en';
    this.spacer = new RequestSpacer(options.requestsPerSecond ?? 10);
  }

  /** One page of Text Search. With a legacy page token that Google says is not valid yet, waits and asks once more. */
  async searchText(request: PlaceSearchRequest, options: GoogleCallOptions = {}): Promise<PlaceSearchPage> {
    if (this.flavour === 'new') return this.searchTextNew(request, options.signal);
    if (!request.pageToken) return this.searchTextLegacy(request, options.signal);
    try {
      return await this.searchTextLegacy(request, options.signal);
    } catch (error) {
      if (!(error instanceof GooglePlacesError) || error.status !== 'INVALID_REQUEST') throw error;
      await this.pause(this.pageTokenDelayMs, options.signal, `text search "${request.query}" (next page)`);
      return this.searchTextLegacy(request, options.signal);
    }
  }

  /** Follows page tokens up to `maxPages`. Hits are unique by place_id, so one set-based upsert can take them all. */
  async searchAll(request: PlaceSearchAllRequest, options: GoogleCallOptions = {}): Promise<PlaceSearchAllResult> {
    const maxPages = Math.max(1, Math.floor(request.maxPages));
    const hits = new Map<string, PlaceSearchHit>();
    let pageToken: string | null = null;
    let pages = 0;
    do {
      if (pageToken !== null && this.flavour === 'legacy')
        await this.pause(this.pageTokenDelayMs, options.signal, `text search "${request.query}" (next page)`);
      const page: PlaceSearchPage = await this.searchText({ ...request, pageToken }, options);
      pages += 1;
      for (const hit of page.hits) if (!hits.has(hit.place_id)) hits.set(hit.place_id, hit);
      pageToken = page.nextPageToken;
    } while (pageToken !== null && pages < maxPages);
    return { hits: [...hits.values()], pages };
  }

  async details(placeId: string, options: GoogleCallOptions = {}): Promise<PlaceDetails> {
    const action = `details for ${placeId}`;
    if (this.flavour === 'new') {
      const json = this.newSuccess(
        await this.send({
          method: 'GET',
          path: `/v1/places/${encodeURIComponent(placeId)}`,
          query: { languageCode: this.language },
          headers: this.newHeaders(NEW_DETAILS_FIELD_MASK),
          action,
          signal: options.signal,
        }),
        action,
      );
      return newDetails(placeId, json);
    }
    const json = this.legacySuccess(
      await this.send({
        method: 'GET',
        path: '/maps/api/place/details/json',
        query: {
          place_id: placeId,
          fields: LEGACY_DETAILS_FIELDS.join(','),
          language: this.language,
          key: this.apiKey,
        },
        action,
        signal: options.signal,
      }),
      action,
    );
    if (json.status === 'ZERO_RESULTS')
      throw this.error(
        'permanent',
        'ZERO_RESULTS',
        `${action}: Google answered ZERO_RESULTS (the place no longer exists)`,
        200,
      );
    const result = json.result;
    if (!isJsonObject(result))
      throw this.error('retryable', 'MALFORMED_RESPONSE', `${action}: answer has no "result" object`, 200);
    return legacyDetails(placeId, result);
  }

  private async searchTextLegacy(request: PlaceSearchRequest, signal?: AbortSignal): Promise<PlaceSearchPage> {
    const action = request.pageToken ? `text search "${request.query}" (next page)` : `text search "${request.query}"`;
    // With a pagetoken Google ignores every other parameter and repeats the original search.
    const query: Record<string, string> = request.pageToken
      ? { pagetoken: request.pageToken }
      : {
          query: request.query,
          ...(request.radiusMeters ? { radius: String(Math.round(request.radiusMeters)) } : {}),
          ...(request.location ? { location: `${request.location.latitude},${request.location.longitude}` } : {}),
          language: this.language,
        };
    const json = this.legacySuccess(
      await this.send({
        method: 'GET',
        path: '/maps/api/place/textsearch/json',
        query: { ...query, key: this.apiKey },
        action,
        signal,
      }),
      action,
    );
    const results = json.results ?? [];
    if (!Array.isArray(results))
      throw this.error('retryable', 'MALFORMED_RESPONSE', `${action}: "results" is not a list`, 200);
    return {
      hits: objects(results).flatMap((result) => legacySearchHit(result) ?? []),
      nextPageToken: text(json.next_page_token),
    };
  }

  private async searchTextNew(request: PlaceSearchRequest, signal?: AbortSignal): Promise<PlaceSearchPage> {
    const action = request.pageToken ? `text search "${request.query}" (next page)` : `text search "${request.query}"`;
    // Places API (New) wants the original parameters repeated next to the page token.
    const body: JsonObject = { textQuery: request.query, languageCode: this.language };
    if (request.location && request.radiusMeters) {
      body.locationBias = { circle: { center: request.location, radius: request.radiusMeters } };
    }
    if (request.pageToken) body.pageToken = request.pageToken;
    const json = this.newSuccess(
      await this.send({
        method: 'POST',
        path: '/v1/places:searchText',
        headers: this.newHeaders(NEW_SEARCH_FIELD_MASK),
        body,
        action,
        signal,
      }),
      action,
    );
    const places = json.places ?? [];
    if (!Array.isArray(places))
      throw this.error('retryable', 'MALFORMED_RESPONSE', `${action}: "places" is not a list`, 200);
    return {
      hits: objects(places).flatMap((place) => newSearchHit(place) ?? []),
      nextPageToken: text(json.nextPageToken),
    };
  }

  private newHeaders(fieldMask: string): Record<string, string> {
    return { 'X-Goog-Api-Key': this.apiKey, 'X-Goog-FieldMask': fieldMask };
  }

  /** Waits `ms`, or fails as abandoned as soon as the caller's signal aborts. */
  private async pause(ms: number, signal: AbortSignal | undefined, action: string): Promise<void> {
    try {
      await sleep(ms, undefined, { signal });
    } catch (error) {
      if (signal?.aborted) throw this.abandoned(action, 'while waiting', signal);
      throw error;
    }
  }

  /** The caller gave up (its item deadline passed, or the worker is stopping): worth another attempt. */
  private abandoned(action: string, where: string, signal: AbortSignal): GooglePlacesError {
    const reason: unknown = signal.reason;
    const why = errorField(reason, 'message') ?? (typeof reason === 'string' ? reason : 'the caller aborted');
    return this.error('retryable', 'ABORTED', `${action}: abandoned ${where}: ${why}`, null);
  }

  /** One HTTP exchange through the rate limit; transport failures become retryable errors. */
  private async send(request: HttpRequest): Promise<HttpAnswer> {
    const { signal: caller } = request;
    if (caller?.aborted) throw this.abandoned(request.action, `before ${request.method} ${request.path}`, caller);
    if (caller) {
      // The spacer's slot is reserved either way; only the wait is cut short.
      let onAbort: (() => void) | undefined;
      const aborted = new Promise<'aborted'>((resolve) =>
        caller.addEventListener('abort', (onAbort = () => resolve('aborted')), { once: true }),
      );
      const waited = await Promise.race([this.spacer.acquire().then(() => 'ready' as const), aborted]);
      if (onAbort) caller.removeEventListener('abort', onAbort);
      if (waited === 'aborted')
        throw this.abandoned(request.action, 'while waiting for the request rate limit', caller);
    } else await this.spacer.acquire();
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const query = request.query ? `?${new URLSearchParams(request.query).toString()}` : '';
    const headers: Record<string, string> = { Accept: 'application/json', ...request.headers };
    if (request.body) headers['Content-Type'] = 'application/json';
    try {
      // The signal also covers reading the body, so a server that stalls mid-answer times out too.
      const response = await fetch(`${this.baseUrl}${request.path}${query}`, {
        method: request.method,
        headers,
        body: request.body ? JSON.stringify(request.body) : undefined,
        signal: caller ? AbortSignal.any([timeout, caller]) : timeout,
      });
      const body = await response.text();
      return { httpStatus: response.status, ok: response.ok, json: parseJson(body) };
    } catch (error) {
      const endpoint = `${request.method} ${request.path}`;
      if (caller?.aborted && !timeout.aborted) throw this.abandoned(request.action, `during ${endpoint}`, caller);
      const name = errorField(error, 'name');
      if (name === 'TimeoutError' || name === 'AbortError') {
        throw this.error(
          'retryable',
          'TIMEOUT',
          `${request.action}: ${endpoint} did not answer within ${this.timeoutMs} ms`,
          null,
        );
      }
      throw this.error(
        'retryable',
        'NETWORK_ERROR',
        `${request.action}: ${endpoint} failed: ${describeTransportError(error)}`,
        null,
      );
    }
  }

  /** Legacy answers HTTP 200 with the outcome in `status`; a non-2xx comes from the front end, not the API. */
  private legacySuccess(answer: HttpAnswer, action: string): JsonObject {
    if (!answer.ok) throw this.httpError(answer, action, null);
    if (!isJsonObject(answer.json)) throw this.malformed(answer, action);
    const status = text(answer.json.status);
    if (status === null) throw this.malformed(answer, action);
    if (LEGACY_SUCCESS.has(status)) return answer.json;
    // REQUEST_DENIED, INVALID_REQUEST, NOT_FOUND, OVER_DAILY_LIMIT (billing/key) and anything unknown: asking again won't help.
    const kind: GooglePlacesErrorKind = LEGACY_RETRYABLE.has(status) ? 'retryable' : 'permanent';
    const googleMessage = text(answer.json.error_message);
    throw this.error(
      kind,
      status,
      `${action}: Google answered ${status}${googleMessage ? `: ${googleMessage}` : ''}`,
      answer.httpStatus,
    );
  }

  private newSuccess(answer: HttpAnswer, action: string): JsonObject {
    if (!answer.ok) {
      const googleStatus = text(at(answer.json, 'error', 'status'));
      throw this.httpError(answer, action, googleStatus, text(at(answer.json, 'error', 'message')));
    }
    if (!isJsonObject(answer.json)) throw this.malformed(answer, action);
    return answer.json;
  }

  private httpError(
    answer: HttpAnswer,
    action: string,
    googleStatus: string | null,
    googleMessage: string | null = null,
  ): GooglePlacesError {
    // 408/429 and 5xx are Google (or a proxy) being busy; any other 4xx is about the request or the key.
    const code = answer.httpStatus;
    const kind: GooglePlacesErrorKind = code === 408 || code === 429 || code >= 500 ? 'retryable' : 'permanent';
    const label = googleStatus ? `HTTP ${code} ${googleStatus}` : `HTTP ${code}`;
    return this.error(
      kind,
      googleStatus ?? code,
      `${action}: Google answered ${label}${googleMessage ? `: ${googleMessage}` : ''}`,
      code,
    );
  }

  private malformed(answer: HttpAnswer, action: string): GooglePlacesError {
    return this.error(
      'retryable',
      'MALFORMED_RESPONSE',
      `${action}: HTTP ${answer.httpStatus} answer is not the expected JSON`,
      answer.httpStatus,
    );
  }

  /** Every error passes here, so no message can carry the key, whatever Google or the network layer echoed. */
  private error(
    kind: GooglePlacesErrorKind,
    status: string | number,
    message: string,
    httpStatus: number | null,
  ): GooglePlacesError {
    return new GooglePlacesError(kind, status, redactKey(`Google Places ${message}`, this.apiKey), httpStatus);
  }
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

/** Replaces the key in plain and URL-encoded form. */
export function redactKey(message: string, apiKey: string): string {
  if (!apiKey) return message;
  let redacted = message;
  for (const form of new Set([apiKey, encodeURIComponent(apiKey)])) redacted = redacted.split(form).join('[redacted]');
  return redacted;
}
