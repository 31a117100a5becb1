import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

import { PlacesApiFlavour } from './google-places.types';

/**
 * Loopback stand-in for Google Places, both flavours, in Google's JSON shapes. Tests and local runs point
 * `GOOGLE_PLACES_BASE_URL` at it. Every query has `placesPerQuery` deterministic places ({@link fakePlaceId});
 * details answer for any id of that form. Failures are scripted per endpoint, place id or query.
 */

export type FakeLegacyStatus =
  | 'OVER_QUERY_LIMIT'
  | 'UNKNOWN_ERROR'
  | 'REQUEST_DENIED'
  | 'INVALID_REQUEST'
  | 'NOT_FOUND'
  | 'ZERO_RESULTS'
  | 'OVER_DAILY_LIMIT';

export type FakeFault =
  /** Legacy: HTTP 200 with this `status`. New flavour: the HTTP error Places API (New) gives for the same case. */
  | { type: 'status'; status: FakeLegacyStatus; message?: string }
  /** HTTP error: legacy gets Google's HTML error page, new gets `{error:{code,message,status}}`. */
  | { type: 'http'; status: number; message?: string }
  /** HTTP 200, content-type JSON, body cut off. */
  | { type: 'malformed' }
  /** Wait, then answer normally (or not at all if the client gave up). */
  | { type: 'delay'; ms: number };

export interface FakeScript {
  fault: FakeFault;
  endpoint?: 'search' | 'details';
  flavour?: PlacesApiFlavour;
  /** Details requests for this id only. */
  placeId?: string;
  /** Search requests for this query only (a page-token request belongs to the query that issued the token). */
  query?: string;
  /** Only search requests that carry a page token. */
  pageRequestsOnly?: boolean;
  /** How many matching requests it applies to; default: all. */
  times?: number;
}

export interface RecordedRequest {
  flavour: PlacesApiFlavour | null;
  endpoint: 'search' | 'details' | null;
  method: string;
  path: string;
  query: Record<string, string>;
  /** Lower-case names, as node gives them. */
  headers: Record<string, string>;
  body: unknown;
  /** `performance.now()` when the request arrived, for spacing assertions. */
  receivedAt: number;
}

export interface FakePlacesServerOptions {
  /** Places per query, served in pages of `pageSize`. Default 45 (pages of 20/20/5). */
  placesPerQuery?: number;
  pageSize?: number;
  /** Legacy page tokens younger than this answer INVALID_REQUEST, as Google's do for ~2 s. Default 0. */
  tokenValidAfterMs?: number;
  /** When set, any other key is refused the way Google refuses it. */
  apiKey?: string;
  /** Each place's website (null: none) instead of `https://business-<n>.example.com/` for all but every tenth. */
  website?: (query: string, index: number) => string | null;
}

export interface FakePlacesServer {
  /** Base URL, e.g. http://127.0.0.1:41234 */
  url: string;
  requests: RecordedRequest[];
  script(...scripts: FakeScript[]): void;
  clearScripts(): void;
  close(): Promise<void>;
}

export interface FakePlace {
  id: string;
  name: string;
  types: string[];
  latitude: number;
  longitude: number;
  rating: number;
  userRatingsTotal: number;
  /** null for every 4th place. */
  priceLevel: number | null;
  streetNumber: string;
  route: string;
  city: string;
  county: string;
  state: string;
  stateCode: string;
  zip: string;
  country: string;
  countryCode: string;
  nationalPhone: string;
  internationalPhone: string;
  /** null for every 10th place. */
  website: string | null;
  /** Google's text, with its narrow no-break and thin spaces. */
  weekdayText: string[];
  businessStatus: string;
  utcOffsetMinutes: number;
}

const ID_PREFIX = 'ChIJ-fake-';

export function fakePlaceId(query: string, index: number): string {
  return `${ID_PREFIX}${String(index).padStart(3, '0')}-${Buffer.from(query, 'utf8').toString('base64url')}`;
}

function parseFakePlaceId(id: string): { query: string; index: number } | null {
  const match = /^ChIJ-fake-(\d{3})-([A-Za-z0-9_-]*)$/.exec(id);
  return match ? { index: Number(match[1]), query: Buffer.from(match[2], 'base64url').toString('utf8') } : null;
}

const NNBSP = '\u202f';
const THIN = '\u2009';
const hours = (open: string, close: string): string => `${open}${NNBSP}AM${THIN}–${THIN}${close}${NNBSP}PM`;

/** The deterministic place `index` (0-based) of `query`. */
export function fakePlace(query: string, index: number): FakePlace {
  const number = index + 1;
  return {
    id: fakePlaceId(query, index),
    name: `${query} #${number}`,
    types: ['dentist', 'health', 'point_of_interest', 'establishment'],
    latitude: 38.5 + index / 1000,
    longitude: -121.4 - index / 1000,
    rating: (30 + (index % 20)) / 10,
    userRatingsTotal: 10 * number,
    priceLevel: index % 4 === 3 ? null : index % 5,
    streetNumber: String(100 + index),
    route: 'J Street',
    city: 'Sacramento',
    county: 'Sacramento County',
    state: 'California',
    stateCode: 'CA',
    zip: '95814',
    country: 'United States',
    countryCode: 'US',
    nationalPhone: `(916) 555-${String(1000 + index)}`,
    internationalPhone: `+1 916-555-${String(1000 + index)}`,
    website: index % 10 === 9 ? null : `https://business-${number}.example.com/`,
    weekdayText: [
      `Monday: ${hours('9:00', '5:00')}`,
      `Tuesday: ${hours('9:00', '5:00')}`,
      `Wednesday: ${hours('9:00', '5:00')}`,
      `Thursday: ${hours('9:00', '5:00')}`,
      `Friday: ${hours('9:00', '5:00')}`,
      `Saturday: ${hours('10:00', '2:00')}`,
      'Sunday: Closed',
    ],
    businessStatus: 'OPERATIONAL',
    utcOffsetMinutes: -420,
  };
}

const NEW_PRICE_NAMES = [
  'PRICE_LEVEL_FREE',
  'PRICE_LEVEL_INEXPENSIVE',
  'PRICE_LEVEL_MODERATE',
  'PRICE_LEVEL_EXPENSIVE',
  'PRICE_LEVEL_VERY_EXPENSIVE',
];

function address(place: FakePlace): string {
  return `${place.streetNumber} ${place.route}, ${place.city}, ${place.stateCode} ${place.zip}, ${place.countryCode === 'US' ? 'USA' : place.country}`;
}

function legacyComponents(place: FakePlace): Record<string, unknown>[] {
  return [
    { long_name: place.streetNumber, short_name: place.streetNumber, types: ['street_number'] },
    { long_name: place.route, short_name: 'J St', types: ['route'] },
    { long_name: place.city, short_name: place.city, types: ['locality', 'political'] },
    { long_name: place.county, short_name: place.county, types: ['administrative_area_level_2', 'political'] },
    { long_name: place.state, short_name: place.stateCode, types: ['administrative_area_level_1', 'political'] },
    { long_name: place.country, short_name: place.countryCode, types: ['country', 'political'] },
    { long_name: place.zip, short_name: place.zip, types: ['postal_code'] },
  ];
}

function legacyPlace(place: FakePlace): Record<string, unknown> {
  return {
    place_id: place.id,
    reference: place.id,
    name: place.name,
    formatted_address: address(place),
    address_components: legacyComponents(place),
    formatted_phone_number: place.nationalPhone,
    international_phone_number: place.internationalPhone,
    ...(place.website ? { website: place.website } : {}),
    rating: place.rating,
    user_ratings_total: place.userRatingsTotal,
    ...(place.priceLevel === null ? {} : { price_level: place.priceLevel }),
    types: place.types,
    geometry: {
      location: { lat: place.latitude, lng: place.longitude },
      viewport: {
        northeast: { lat: place.latitude + 0.001, lng: place.longitude + 0.001 },
        southwest: { lat: place.latitude - 0.001, lng: place.longitude - 0.001 },
      },
    },
    opening_hours: { open_now: true, weekday_text: place.weekdayText },
    business_status: place.businessStatus,
    utc_offset: place.utcOffsetMinutes,
    icon: 'https://maps.gstatic.com/mapfiles/place_api/icons/v1/png_71/doctor-71.png',
  };
}

function newPlace(place: FakePlace): Record<string, unknown> {
  return {
    name: `places/${place.id}`,
    id: place.id,
    displayName: { text: place.name, languageCode: 'en' },
    formattedAddress: address(place),
    shortFormattedAddress: `${place.streetNumber} ${place.route}, ${place.city}`,
    addressComponents: legacyComponents(place).map((component) => ({
      longText: component.long_name,
      shortText: component.short_name,
      types: component.types,
      languageCode: 'en',
    })),
    nationalPhoneNumber: place.nationalPhone,
    internationalPhoneNumber: place.internationalPhone,
    ...(place.website ? { websiteUri: place.website } : {}),
    rating: place.rating,
    userRatingCount: place.userRatingsTotal,
    ...(place.priceLevel === null ? {} : { priceLevel: NEW_PRICE_NAMES[place.priceLevel] }),
    types: place.types,
    primaryType: place.types[0],
    location: { latitude: place.latitude, longitude: place.longitude },
    regularOpeningHours: { openNow: true, weekdayDescriptions: place.weekdayText },
    businessStatus: place.businessStatus,
    utcOffsetMinutes: place.utcOffsetMinutes,
  };
}

/** Google returns only the masked fields; a client that forgets `nextPageToken` in its mask never sees page 2. */
function applyMask(value: Record<string, unknown>, paths: string[][]): Record<string, unknown> {
  if (paths.some((path) => path[0] === '*')) return value;
  const masked: Record<string, unknown> = {};
  for (const key of new Set(paths.map((path) => path[0]))) {
    if (!(key in value)) continue;
    const rest = paths.filter((path) => path[0] === key && path.length > 1).map((path) => path.slice(1));
    const whole = paths.some((path) => path[0] === key && path.length === 1);
    const child = value[key];
    if (whole || rest.length === 0) masked[key] = child;
    else if (Array.isArray(child)) masked[key] = child.map((item) => (isObject(item) ? applyMask(item, rest) : item));
    else if (isObject(child)) masked[key] = applyMask(child, rest);
  }
  return masked;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const NEW_STATUS_NAMES: Readonly<Record<number, string>> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

/** What Places API (New) answers where the legacy service would put these statuses in the body. */
const LEGACY_TO_HTTP: Readonly<Record<Exclude<FakeLegacyStatus, 'ZERO_RESULTS'>, number>> = {
  OVER_QUERY_LIMIT: 429,
  OVER_DAILY_LIMIT: 403,
  UNKNOWN_ERROR: 500,
  REQUEST_DENIED: 403,
  INVALID_REQUEST: 400,
  NOT_FOUND: 404,
};

interface PageTokenState {
  flavour: PlacesApiFlavour;
  query: string;
  offset: number;
  issuedAt: number;
}

interface ActiveScript extends FakeScript {
  remaining: number;
}

interface Route {
  flavour: PlacesApiFlavour;
  endpoint: 'search' | 'details';
  placeId: string | null;
}

export async function startFakePlacesServer(options: FakePlacesServerOptions = {}): Promise<FakePlacesServer> {
  const placesPerQuery = options.placesPerQuery ?? 45;
  const pageSize = options.pageSize ?? 20;
  const tokenValidAfterMs = options.tokenValidAfterMs ?? 0;
  const website = options.website;
  const placeOf = (query: string, index: number): FakePlace =>
    website ? { ...fakePlace(query, index), website: website(query, index) } : fakePlace(query, index);
  const requests: RecordedRequest[] = [];
  const tokens = new Map<string, PageTokenState>();
  let scripts: ActiveScript[] = [];
  let tokenCounter = 0;
  const shutdown = new AbortController();

  const sendJson = (res: ServerResponse, status: number, body: unknown): void => {
    if (res.destroyed || res.writableEnded) return;
    res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
    res.end(JSON.stringify(body, null, 2));
  };
  const sendNewError = (res: ServerResponse, status: number, message: string): void =>
    sendJson(res, status, { error: { code: status, message, status: NEW_STATUS_NAMES[status] ?? 'UNKNOWN' } });
  const sendLegacy = (res: ServerResponse, status: string, extra: Record<string, unknown> = {}): void =>
    sendJson(res, 200, { html_attributions: [], ...extra, status });

  const route = (method: string, path: string): Route | null => {
    if (method === 'GET' && path === '/maps/api/place/textsearch/json')
      return { flavour: 'legacy', endpoint: 'search', placeId: null };
    if (method === 'GET' && path === '/maps/api/place/details/json')
      return { flavour: 'legacy', endpoint: 'details', placeId: null };
    if (method === 'POST' && path === '/v1/places:searchText')
      return { flavour: 'new', endpoint: 'search', placeId: null };
    const details = /^\/v1\/places\/([^/:]+)$/.exec(path);
    if (method === 'GET' && details)
      return { flavour: 'new', endpoint: 'details', placeId: decodeURIComponent(details[1]) };
    return null;
  };

  /** The query a search request belongs to, page-token requests included. */
  const searchQuery = (recorded: RecordedRequest): string | null => {
    const token = recorded.flavour === 'legacy' ? recorded.query.pagetoken : textField(recorded.body, 'pageToken');
    if (token) return tokens.get(token)?.query ?? null;
    return recorded.flavour === 'legacy' ? (recorded.query.query ?? null) : textField(recorded.body, 'textQuery');
  };

  const takeScript = (recorded: RecordedRequest, placeId: string | null): FakeFault | null => {
    const isPageRequest = !!(recorded.query.pagetoken || textField(recorded.body, 'pageToken'));
    const found = scripts.find(
      (script) =>
        script.remaining > 0 &&
        (script.endpoint === undefined || script.endpoint === recorded.endpoint) &&
        (script.flavour === undefined || script.flavour === recorded.flavour) &&
        (script.placeId === undefined || script.placeId === placeId) &&
        (script.query === undefined || (recorded.endpoint === 'search' && script.query === searchQuery(recorded))) &&
        (!script.pageRequestsOnly || isPageRequest),
    );
    if (!found) return null;
    found.remaining -= 1;
    return found.fault;
  };

  const sendFault = (
    res: ServerResponse,
    flavour: PlacesApiFlavour,
    fault: Exclude<FakeFault, { type: 'delay' }>,
  ): void => {
    if (res.destroyed || res.writableEnded) return;
    if (fault.type === 'malformed') {
      res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' });
      res.end('{\n  "html_attributions": [],\n  "results": [\n    {"name": "cut off');
      return;
    }
    if (fault.type === 'http') {
      const message = fault.message ?? `fake HTTP ${fault.status}`;
      if (flavour === 'new') return sendNewError(res, fault.status, message);
      res.writeHead(fault.status, { 'content-type': 'text/html; charset=UTF-8' });
      res.end(`<!DOCTYPE html><html lang=en><title>Error ${fault.status}</title><p>${message}</p></html>`);
      return;
    }
    if (fault.status === 'ZERO_RESULTS') {
      if (flavour === 'new') return sendJson(res, 200, {});
      return sendLegacy(res, 'ZERO_RESULTS', { results: [] });
    }
    if (flavour === 'new')
      return sendNewError(res, LEGACY_TO_HTTP[fault.status], fault.message ?? `fake ${fault.status}`);
    sendLegacy(res, fault.status, { results: [], ...(fault.message ? { error_message: fault.message } : {}) });
  };

  const issueToken = (flavour: PlacesApiFlavour, query: string, offset: number): string | null => {
    if (offset >= placesPerQuery) return null;
    tokenCounter += 1;
    const token = `fake-page-token-${tokenCounter}-${Buffer.from(query, 'utf8').toString('base64url')}`;
    tokens.set(token, { flavour, query, offset, issuedAt: performance.now() });
    return token;
  };

  const page = (query: string, offset: number): FakePlace[] => {
    const places: FakePlace[] = [];
    for (let index = offset; index < Math.min(offset + pageSize, placesPerQuery); index += 1)
      places.push(placeOf(query, index));
    return places;
  };

  const legacyKeyProblem = (key: string | undefined): string | null => {
    if (!key) return 'You must use an API key to authenticate each request to Google Maps Platform APIs.';
    if (options.apiKey !== undefined && key !== options.apiKey) return 'The provided API key is invalid. ';
    return null;
  };

  const handleLegacy = (res: ServerResponse, recorded: RecordedRequest, endpoint: Route['endpoint']): void => {
    const problem = legacyKeyProblem(recorded.query.key);
    if (problem) return sendLegacy(res, 'REQUEST_DENIED', { results: [], error_message: problem });
    if (endpoint === 'search') {
      const token = recorded.query.pagetoken;
      if (token) {
        const state = tokens.get(token);
        // Google gives no error_message here, only the status.
        if (!state || state.flavour !== 'legacy') return sendLegacy(res, 'INVALID_REQUEST', { results: [] });
        if (performance.now() - state.issuedAt < tokenValidAfterMs)
          return sendLegacy(res, 'INVALID_REQUEST', { results: [] });
        const nextToken = issueToken('legacy', state.query, state.offset + pageSize);
        return sendLegacy(res, 'OK', {
          results: page(state.query, state.offset).map(legacyPlace),
          ...(nextToken ? { next_page_token: nextToken } : {}),
        });
      }
      const query = recorded.query.query;
      if (!query)
        return sendLegacy(res, 'INVALID_REQUEST', { results: [], error_message: 'Missing the query parameter.' });
      const nextToken = issueToken('legacy', query, pageSize);
      return sendLegacy(res, 'OK', {
        results: page(query, 0).map(legacyPlace),
        ...(nextToken ? { next_page_token: nextToken } : {}),
      });
    }
    const placeId = recorded.query.place_id;
    if (!placeId)
      return sendLegacy(res, 'INVALID_REQUEST', { error_message: 'Missing the placeid or reference parameter.' });
    const known = parseFakePlaceId(placeId);
    if (!known || known.index >= placesPerQuery) return sendLegacy(res, 'NOT_FOUND');
    const full = legacyPlace(placeOf(known.query, known.index));
    const fields = recorded.query.fields;
    const result = fields
      ? applyMask(
          full,
          fields.split(',').map((field) => field.trim().split('/')),
        )
      : full;
    sendLegacy(res, 'OK', { result });
  };

  const handleNew = (
    res: ServerResponse,
    recorded: RecordedRequest,
    endpoint: Route['endpoint'],
    placeId: string | null,
  ): void => {
    const key = recorded.headers['x-goog-api-key'];
    if (!key) return sendNewError(res, 403, 'The request is missing a valid API key.');
    if (options.apiKey !== undefined && key !== options.apiKey)
      return sendNewError(res, 400, 'API key not valid. Please pass a valid API key.');
    const mask = recorded.headers['x-goog-fieldmask'];
    if (!mask)
      return sendNewError(
        res,
        400,
        'FieldMask is a required parameter. See https://cloud.google.com/apis/docs/system-parameters on how to provide it.',
      );
    const paths = mask.split(',').map((path) => path.trim().split('.'));
    if (endpoint === 'search') {
      const query = textField(recorded.body, 'textQuery');
      if (!query) return sendNewError(res, 400, 'Empty text_query.');
      let offset = 0;
      const token = textField(recorded.body, 'pageToken');
      if (token) {
        const state = tokens.get(token);
        if (!state || state.flavour !== 'new' || state.query !== query)
          return sendNewError(res, 400, 'Invalid page token or mismatched request parameters.');
        offset = state.offset;
      }
      const nextToken = issueToken('new', query, offset + pageSize);
      const places = page(query, offset).map(newPlace);
      return sendJson(res, 200, applyMask({ places, ...(nextToken ? { nextPageToken: nextToken } : {}) }, paths));
    }
    const known = placeId ? parseFakePlaceId(placeId) : null;
    if (!known || known.index >= placesPerQuery) return sendNewError(res, 404, `Place '${placeId ?? ''}' not found.`);
    sendJson(res, 200, applyMask(newPlace(placeOf(known.query, known.index)), paths));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const receivedAt = performance.now();
    const url = new URL(req.url ?? '/', 'http://fake.invalid');
    const rawBody = await readBody(req);
    const matched = route(req.method ?? 'GET', url.pathname);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers))
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    const recorded: RecordedRequest = {
      flavour: matched?.flavour ?? null,
      endpoint: matched?.endpoint ?? null,
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers,
      body: rawBody.length > 0 ? parseBody(rawBody) : undefined,
      receivedAt,
    };
    requests.push(recorded);
    if (!matched) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end(`fake Places server: no route for ${req.method} ${url.pathname}`);
      return;
    }
    if (matched.flavour === 'new' && recorded.body === null)
      return sendNewError(res, 400, 'Invalid JSON payload received.');
    const placeId = matched.placeId ?? recorded.query.place_id ?? null;
    const fault = takeScript(recorded, placeId);
    if (fault?.type === 'delay') {
      await sleep(fault.ms, undefined, { signal: shutdown.signal }).catch(() => undefined);
    } else if (fault) {
      return sendFault(res, matched.flavour, fault);
    }
    if (matched.flavour === 'legacy') handleLegacy(res, recorded, matched.endpoint);
    else handleNew(res, recorded, matched.endpoint, placeId);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (res.headersSent || res.destroyed) return;
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`fake Places server failed: ${error instanceof Error ? error.message : String(error)}`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    script: (...added: FakeScript[]) => {
      scripts.push(...added.map((script) => ({ ...script, remaining: script.times ?? Number.POSITIVE_INFINITY })));
    },
    clearScripts: () => {
      scripts = [];
    },
    close: async () => {
      shutdown.abort();
      // Keep-alive sockets from fetch() would hold close() open.
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** null marks a body that is not JSON. */
function parseBody(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return null;
  }
}

function textField(body: unknown, key: string): string | null {
  if (!isObject(body)) return null;
  const value = body[key];
  return typeof value === 'string' && value.length > 0 ? value : null;
}
