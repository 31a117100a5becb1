import { createServer } from 'node:net';

import { FakeLegacyStatus, fakePlaceId, FakePlacesServer, startFakePlacesServer } from './fake-places.server';
import {
  GooglePlacesClient,
  GooglePlacesClientOptions,
  LEGACY_DETAILS_FIELDS,
  redactKey,
} from './google-places.client';
import { GooglePlacesError, PlaceDetails, PlacesApiFlavour } from './google-places.types';

// Shaped like a real key so a leak would be recognisable in a failure diff.
const KEY = 'AIzaSyD-fakeKEY_0123456789abcdefghijklm';
const QUERY = 'dentist in Sacramento, CA';
const FLAVOURS: PlacesApiFlavour[] = ['legacy', 'new'];

let server: FakePlacesServer;
const consoleSpies: jest.SpyInstance[] = [];
const writeSpies: jest.SpyInstance[] = [];

beforeAll(async () => {
  server = await startFakePlacesServer({ apiKey: KEY });
});

afterAll(async () => {
  await server.close();
});

beforeEach(() => {
  for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const)
    consoleSpies.push(jest.spyOn(console, method));
  writeSpies.push(jest.spyOn(process.stdout, 'write'), jest.spyOn(process.stderr, 'write'));
});

afterEach(() => {
  // The client must not log at all, and nothing written anywhere during a test may carry the key.
  for (const spy of consoleSpies) expect(spy).not.toHaveBeenCalled();
  for (const spy of [...consoleSpies, ...writeSpies]) {
    for (const call of spy.mock.calls) expect(String(call[0])).not.toContain(KEY);
  }
  for (const spy of [...consoleSpies, ...writeSpies]) spy.mockRestore();
  consoleSpies.length = 0;
  writeSpies.length = 0;
  server.clearScripts();
  server.requests.length = 0;
});

function client(flavour: PlacesApiFlavour, overrides: Partial<GooglePlacesClientOptions> = {}): GooglePlacesClient {
  return new GooglePlacesClient({
    flavour,
    apiKey: KEY,
    baseUrl: server.url,
    timeoutMs: 2_000,
    requestsPerSecond: 0,
    pageTokenDelayMs: 0,
    ...overrides,
  });
}

/** The error a call rejects with; also checks that no form of it carries the key. */
async function failure(call: Promise<unknown>, key = KEY): Promise<GooglePlacesError> {
  let caught: unknown;
  try {
    await call;
  } catch (error) {
    caught = error;
  }
  if (!(caught instanceof GooglePlacesError)) throw new Error(`expected a GooglePlacesError, got ${String(caught)}`);
  for (const form of [
    caught.message,
    caught.stack ?? '',
    String(caught),
    JSON.stringify(caught),
    JSON.stringify(Object.entries(caught)),
  ]) {
    expect(form).not.toContain(key);
    expect(form).not.toContain(encodeURIComponent(key));
  }
  return caught;
}

/** Search and details calls, started one at a time (an unawaited rejected promise would fail the test on its own). */
const bothEndpoints = (flavour: PlacesApiFlavour): (() => Promise<unknown>)[] => [
  () => client(flavour).searchText({ query: QUERY }),
  () => client(flavour).details(fakePlaceId(QUERY, 0)),
];

const searchRequests = () => server.requests.filter((request) => request.endpoint === 'search');

describe.each(FLAVOURS)('GooglePlacesClient (%s)', (flavour) => {
  describe('text search', () => {
    it('follows page tokens across 3 pages (20/20/5) and returns every place once', async () => {
      const result = await client(flavour).searchAll({ query: QUERY, radiusMeters: 5_000, maxPages: 5 });

      expect(result.pages).toBe(3);
      expect(result.hits).toHaveLength(45);
      expect(new Set(result.hits.map((hit) => hit.place_id)).size).toBe(45);
      expect(result.hits.map((hit) => hit.place_id)).toEqual(
        Array.from({ length: 45 }, (_, index) => fakePlaceId(QUERY, index)),
      );
      expect(result.hits[0]).toEqual({
        place_id: fakePlaceId(QUERY, 0),
        name: `${QUERY} #1`,
        formatted_address: '100 J Street, Sacramento, CA 95814, USA',
        business_type: 'dentist',
        latitude: 38.5,
        longitude: -121.4,
        rating: 3,
        user_ratings_total: 10,
        price_level: 0,
        vicinity: flavour === 'new' ? '100 J Street, Sacramento' : null,
        raw: expect.objectContaining(
          flavour === 'legacy' ? { place_id: fakePlaceId(QUERY, 0) } : { id: fakePlaceId(QUERY, 0) },
        ),
      });
      expect(result.hits[3].price_level).toBeNull();
      expect(searchRequests()).toHaveLength(3);
    });

    it('sends the key and the query where this flavour expects them', async () => {
      await client(flavour).searchAll({ query: QUERY, radiusMeters: 5_000, maxPages: 2 });
      const [first, second] = searchRequests();

      if (flavour === 'legacy') {
        expect(first.method).toBe('GET');
        expect(first.path).toBe('/maps/api/place/textsearch/json');
        expect(first.query).toEqual({ query: QUERY, radius: '5000', language: 'en', key: KEY });
        expect(second.query).toEqual({ pagetoken: expect.stringMatching(/^fake-page-token-/), key: KEY });
        expect(first.headers['x-goog-api-key']).toBeUndefined();
      } else {
        expect(first.method).toBe('POST');
        expect(first.path).toBe('/v1/places:searchText');
        expect(first.query).toEqual({});
        expect(first.headers['x-goog-api-key']).toBe(KEY);
        expect(first.headers['x-goog-fieldmask']).toContain('nextPageToken');
        expect(first.body).toEqual({ textQuery: QUERY, languageCode: 'en' });
        expect(second.body).toEqual({
          textQuery: QUERY,
          languageCode: 'en',
          pageToken: expect.stringMatching(/^fake-page-token-/),
        });
      }
    });

    it('stops at maxPages', async () => {
      const result = await client(flavour).searchAll({ query: QUERY, maxPages: 2 });
      expect(result).toEqual({ hits: expect.any(Array), pages: 2 });
      expect(result.hits).toHaveLength(40);
    });

    it('returns one page with its token from searchText', async () => {
      const page = await client(flavour).searchText({ query: QUERY });
      expect(page.hits).toHaveLength(20);
      expect(page.nextPageToken).toMatch(/^fake-page-token-/);
      const next = await client(flavour).searchText({ query: QUERY, pageToken: page.nextPageToken });
      expect(next.hits[0].place_id).toBe(fakePlaceId(QUERY, 20));
    });

    it('treats ZERO_RESULTS as success with nothing', async () => {
      server.script({ endpoint: 'search', fault: { type: 'status', status: 'ZERO_RESULTS' } });
      await expect(client(flavour).searchText({ query: 'nothing here' })).resolves.toEqual({
        hits: [],
        nextPageToken: null,
      });
      await expect(client(flavour).searchAll({ query: 'nothing here', maxPages: 3 })).resolves.toEqual({
        hits: [],
        pages: 1,
      });
    });

    it('fails the whole search when a later page fails', async () => {
      server.script({ endpoint: 'search', pageRequestsOnly: true, fault: { type: 'status', status: 'UNKNOWN_ERROR' } });
      const error = await failure(client(flavour).searchAll({ query: QUERY, maxPages: 3 }));
      expect(error.kind).toBe('retryable');
    });
  });

  describe('details', () => {
    it('maps address parts, phones, website, hours, categories and coordinates', async () => {
      const details = await client(flavour).details(fakePlaceId(QUERY, 0));
      const expected: PlaceDetails = {
        place_id: fakePlaceId(QUERY, 0),
        name: `${QUERY} #1`,
        formatted_address: '100 J Street, Sacramento, CA 95814, USA',
        street_address: '100 J Street',
        city: 'Sacramento',
        state: 'CA',
        zip: '95814',
        country: 'US',
        phone: '(916) 555-1000',
        international_phone: '+1 916-555-1000',
        website_url: 'https://business-1.example.com/',
        rating: 3,
        reviews_count: 10,
        price_level: 0,
        price_text: 'Free',
        main_category: 'dentist',
        extra_categories: ['health', 'point_of_interest', 'establishment'],
        latitude: 38.5,
        longitude: -121.4,
        monday_hours: '9:00 AM – 5:00 PM',
        tuesday_hours: '9:00 AM – 5:00 PM',
        wednesday_hours: '9:00 AM – 5:00 PM',
        thursday_hours: '9:00 AM – 5:00 PM',
        friday_hours: '9:00 AM – 5:00 PM',
        saturday_hours: '10:00 AM – 2:00 PM',
        sunday_hours: 'Closed',
        business_status: 'OPERATIONAL',
        utc_offset_minutes: -420,
        raw: expect.any(Object),
      };
      expect(details).toEqual(expected);
    });

    it('leaves missing facts null (no website, no price level)', async () => {
      const noWebsite = await client(flavour).details(fakePlaceId(QUERY, 9));
      expect(noWebsite.website_url).toBeNull();
      expect(noWebsite.price_text).toBe('$$$$');
      const noPrice = await client(flavour).details(fakePlaceId(QUERY, 3));
      expect([noPrice.price_level, noPrice.price_text]).toEqual([null, null]);
    });

    it('asks for the reference fields with the key where this flavour expects it', async () => {
      const placeId = fakePlaceId(QUERY, 1);
      await client(flavour).details(placeId);
      const [request] = server.requests;
      if (flavour === 'legacy') {
        expect(request.path).toBe('/maps/api/place/details/json');
        expect(request.query).toEqual({
          place_id: placeId,
          fields: LEGACY_DETAILS_FIELDS.join(','),
          language: 'en',
          key: KEY,
        });
      } else {
        expect(request.path).toBe(`/v1/places/${placeId}`);
        expect(request.query).toEqual({ languageCode: 'en' });
        expect(request.headers['x-goog-api-key']).toBe(KEY);
        expect(request.headers['x-goog-fieldmask']).toContain('regularOpeningHours');
      }
    });

    it('fails permanently for an unknown place', async () => {
      const error = await failure(client(flavour).details('ChIJ-does-not-exist'));
      expect(error.kind).toBe('permanent');
      expect(error.status).toBe('NOT_FOUND');
    });
  });

  describe('error mapping', () => {
    const statuses: [FakeLegacyStatus, 'retryable' | 'permanent', string | number, number][] = [
      // [scripted status, kind, error.status for legacy / new, HTTP status of the new flavour]
      ['OVER_QUERY_LIMIT', 'retryable', flavour === 'legacy' ? 'OVER_QUERY_LIMIT' : 'RESOURCE_EXHAUSTED', 429],
      ['UNKNOWN_ERROR', 'retryable', flavour === 'legacy' ? 'UNKNOWN_ERROR' : 'INTERNAL', 500],
      ['REQUEST_DENIED', 'permanent', flavour === 'legacy' ? 'REQUEST_DENIED' : 'PERMISSION_DENIED', 403],
      ['INVALID_REQUEST', 'permanent', flavour === 'legacy' ? 'INVALID_REQUEST' : 'INVALID_ARGUMENT', 400],
      ['NOT_FOUND', 'permanent', 'NOT_FOUND', 404],
      ['OVER_DAILY_LIMIT', 'permanent', flavour === 'legacy' ? 'OVER_DAILY_LIMIT' : 'PERMISSION_DENIED', 403],
    ];

    it.each(statuses)(
      '%s → %s with Google message (search and details)',
      async (status, kind, expectedStatus, newHttp) => {
        const message = `Google says ${status.toLowerCase()}`;
        server.script({ fault: { type: 'status', status, message } });

        for (const call of bothEndpoints(flavour)) {
          const error = await failure(call());
          expect(error).toMatchObject({
            kind,
            status: expectedStatus,
            httpStatus: flavour === 'legacy' ? 200 : newHttp,
          });
          expect(error.retryable).toBe(kind === 'retryable');
          expect(error.message).toContain(message);
        }
      },
    );

    it.each([
      [500, 'retryable'],
      [502, 'retryable'],
      [503, 'retryable'],
      [429, 'retryable'],
      [403, 'permanent'],
      [404, 'permanent'],
      [400, 'permanent'],
    ] as const)('HTTP %i → %s', async (httpStatus, kind) => {
      server.script({ fault: { type: 'http', status: httpStatus, message: `front end says ${httpStatus}` } });
      for (const call of bothEndpoints(flavour)) {
        const error = await failure(call());
        expect(error.kind).toBe(kind);
        expect(error.httpStatus).toBe(httpStatus);
        expect(error.message).toContain(`HTTP ${httpStatus}`);
        // Only the new flavour's errors are JSON with Google's message; legacy front-end errors are HTML pages.
        if (flavour === 'new') expect(error.message).toContain(`front end says ${httpStatus}`);
      }
    });

    it('times out a slow answer as retryable', async () => {
      server.script({ fault: { type: 'delay', ms: 1_000 } });
      const started = performance.now();
      const error = await failure(client(flavour, { timeoutMs: 150 }).details(fakePlaceId(QUERY, 0)));
      expect(error).toMatchObject({ kind: 'retryable', status: 'TIMEOUT', httpStatus: null });
      expect(performance.now() - started).toBeLessThan(900);
    });

    it('answers normally after a delay shorter than the timeout', async () => {
      server.script({ fault: { type: 'delay', ms: 100 }, times: 1 });
      await expect(client(flavour).details(fakePlaceId(QUERY, 0))).resolves.toMatchObject({ city: 'Sacramento' });
    });

    it('treats malformed JSON as retryable', async () => {
      server.script({ fault: { type: 'malformed' } });
      for (const call of bothEndpoints(flavour)) {
        const error = await failure(call());
        expect(error).toMatchObject({ kind: 'retryable', status: 'MALFORMED_RESPONSE', httpStatus: 200 });
      }
    });

    it('treats a refused connection as retryable', async () => {
      const error = await failure(client(flavour, { baseUrl: await closedPortUrl() }).details(fakePlaceId(QUERY, 0)));
      expect(error).toMatchObject({ kind: 'retryable', status: 'NETWORK_ERROR', httpStatus: null });
      expect(error.message).toContain('ECONNREFUSED');
    });

    it('refuses a wrong key permanently without repeating it', async () => {
      const wrongKey = 'AIzaSyWRONG-key_zyxwvutsrqponmlkjihgfedc';
      const error = await failure(client(flavour, { apiKey: wrongKey }).details(fakePlaceId(QUERY, 0)), wrongKey);
      expect(error.kind).toBe('permanent');
      expect(error.message).toMatch(/API key/);
    });

    it('redacts the key when Google echoes it in its message', async () => {
      const echo = `The provided API key ${KEY} is invalid (${encodeURIComponent(KEY)})`;
      server.script({
        fault:
          flavour === 'legacy'
            ? { type: 'status', status: 'REQUEST_DENIED', message: echo }
            : { type: 'http', status: 403, message: echo },
      });
      const error = await failure(client(flavour).details(fakePlaceId(QUERY, 0)));
      expect(error.message).toContain('The provided API key [redacted] is invalid');
    });

    it('scripts can target one place id and a number of requests', async () => {
      server.script({ placeId: fakePlaceId(QUERY, 7), times: 1, fault: { type: 'status', status: 'UNKNOWN_ERROR' } });
      await expect(client(flavour).details(fakePlaceId(QUERY, 6))).resolves.toMatchObject({
        place_id: fakePlaceId(QUERY, 6),
      });
      expect((await failure(client(flavour).details(fakePlaceId(QUERY, 7)))).kind).toBe('retryable');
      await expect(client(flavour).details(fakePlaceId(QUERY, 7))).resolves.toMatchObject({
        place_id: fakePlaceId(QUERY, 7),
      });
    });
  });

  it('spaces requests to the requests-per-second limit, across concurrent calls', async () => {
    const limited = client(flavour, { requestsPerSecond: 5 });
    await Promise.all(Array.from({ length: 6 }, (_, index) => limited.details(fakePlaceId(QUERY, index))));

    const times = server.requests.map((request) => request.receivedAt).sort((a, b) => a - b);
    expect(times).toHaveLength(6);
    // 5 rps = one slot per 200 ms: the 6th request starts ≥ 1 s after the first. These are arrival times at the
    // fake, so the first request's own connection setup (up to ~80 ms seen on a loaded 2-core CI machine) shortens
    // the span; unspaced, all six would arrive within a few milliseconds.
    expect(times[5] - times[0]).toBeGreaterThanOrEqual(850);
    for (let index = 1; index < times.length; index += 1)
      expect(times[index] - times[index - 1]).toBeGreaterThanOrEqual(150);
  });

  describe("the caller's signal (the loop's item deadline)", () => {
    const abortAfter = (ms: number) => {
      const controller = new AbortController();
      setTimeout(() => controller.abort(new Error(`did not finish within ${ms} ms`)), ms);
      return controller.signal;
    };

    it('abandons a slow answer when it aborts, long before the client timeout, as retryable with its reason', async () => {
      server.script({ fault: { type: 'delay', ms: 3_000 } });
      for (const call of [
        (signal: AbortSignal) => client(flavour, { timeoutMs: 10_000 }).details(fakePlaceId(QUERY, 0), { signal }),
        (signal: AbortSignal) =>
          client(flavour, { timeoutMs: 10_000 }).searchAll({ query: QUERY, maxPages: 3 }, { signal }),
      ]) {
        const started = performance.now();
        const error = await failure(call(abortAfter(100)));
        expect(error).toMatchObject({ kind: 'retryable', status: 'ABORTED', httpStatus: null });
        expect(error.message).toMatch(/abandoned during (GET|POST) \/.*: did not finish within 100 ms$/);
        // 3 s answer, 10 s client timeout: only the signal ends the call this early
        expect(performance.now() - started).toBeLessThan(2_000);
      }
    });

    it('abandons the wait for the request rate limit', async () => {
      const limited = client(flavour, { requestsPerSecond: 0.2 });
      await limited.details(fakePlaceId(QUERY, 0));
      const started = performance.now();
      const error = await failure(limited.details(fakePlaceId(QUERY, 1), { signal: abortAfter(100) }));
      expect(error).toMatchObject({ kind: 'retryable', status: 'ABORTED' });
      expect(error.message).toContain(
        'abandoned while waiting for the request rate limit: did not finish within 100 ms',
      );
      expect(performance.now() - started).toBeLessThan(2_500);
    });

    it('makes no request once it has aborted', async () => {
      const controller = new AbortController();
      controller.abort(new Error('the worker is stopping'));
      const error = await failure(client(flavour).details(fakePlaceId(QUERY, 0), { signal: controller.signal }));
      expect(error).toMatchObject({ kind: 'retryable', status: 'ABORTED' });
      expect(error.message).toContain('the worker is stopping');
      expect(server.requests).toHaveLength(0);
    });
  });

  it('produces the same normalized details as the other flavour', async () => {
    const other = flavour === 'legacy' ? 'new' : 'legacy';
    const [mine, theirs] = await Promise.all([
      client(flavour).details(fakePlaceId(QUERY, 4)),
      client(other).details(fakePlaceId(QUERY, 4)),
    ]);
    expect({ ...mine, raw: null }).toEqual({ ...theirs, raw: null });
  });
});

describe('GooglePlacesClient legacy page tokens', () => {
  let slowTokens: FakePlacesServer;

  beforeAll(async () => {
    slowTokens = await startFakePlacesServer({ apiKey: KEY, tokenValidAfterMs: 500 });
  });

  afterAll(async () => {
    await slowTokens.close();
  });

  afterEach(() => {
    slowTokens.requests.length = 0;
  });

  const legacy = (pageTokenDelayMs: number) =>
    new GooglePlacesClient({
      flavour: 'legacy',
      apiKey: KEY,
      baseUrl: slowTokens.url,
      timeoutMs: 2_000,
      requestsPerSecond: 0,
      pageTokenDelayMs,
    });

  it('waits pageTokenDelayMs before each next page', async () => {
    const result = await legacy(550).searchAll({ query: QUERY, maxPages: 3 });
    expect(result.hits).toHaveLength(45);
    expect(slowTokens.requests).toHaveLength(3);
    const [first, second, third] = slowTokens.requests.map((request) => request.receivedAt);
    expect(second - first).toBeGreaterThanOrEqual(530);
    expect(third - second).toBeGreaterThanOrEqual(530);
  });

  it('retries a token that is not valid yet once, after the delay', async () => {
    const result = await legacy(300).searchAll({ query: QUERY, maxPages: 3 });
    expect(result.hits).toHaveLength(45);
    // Each follow-up page: the try at ~300 ms is refused (INVALID_REQUEST), the retry at ~600 ms succeeds.
    expect(slowTokens.requests).toHaveLength(5);
  });

  it('abandons the page-token pause when the caller aborts', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('did not finish within 200 ms')), 200);
    const started = performance.now();
    const error = await failure(legacy(10_000).searchAll({ query: QUERY, maxPages: 3 }, { signal: controller.signal }));
    expect(error).toMatchObject({ kind: 'retryable', status: 'ABORTED' });
    expect(error.message).toContain('abandoned while waiting: did not finish within 200 ms');
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(slowTokens.requests).toHaveLength(1);
  });

  it('gives up with INVALID_REQUEST when the retry is refused too', async () => {
    const error = await failure(legacy(0).searchAll({ query: QUERY, maxPages: 3 }));
    expect(error).toMatchObject({ kind: 'permanent', status: 'INVALID_REQUEST' });
    expect(slowTokens.requests).toHaveLength(3);
  });
});

describe('GooglePlacesClient configuration', () => {
  it('refuses an empty key without a request', () => {
    expect(() => new GooglePlacesClient({ flavour: 'legacy', apiKey: '' })).toThrow(GooglePlacesError);
  });

  it('redactKey removes the plain and the URL-encoded key', () => {
    const key = 'abc/def+ghi';
    expect(redactKey(`key=${encodeURIComponent(key)} or ${key}`, key)).toBe('key=[redacted] or [redacted]');
  });
});

/** A loopback port nothing listens on: bind one, note it, close it. */
async function closedPortUrl(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
  const address = probe.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
