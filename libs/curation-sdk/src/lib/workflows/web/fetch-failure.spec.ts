import { SAFE_FETCH_ERROR_CODES, SafeFetchError, SafeFetchErrorCode } from '@curation/integrations';

import {
  fetchFailureKind,
  FetchFailureKind,
  fetchFailureOutcome,
  httpStatusOutcome,
  isPermanentFetchFailure,
} from './fetch-failure';

const URL = 'https://shop.example/sitemap.xml';
const failure = (code: SafeFetchErrorCode, details: SafeFetchError['details'] = {}, message = `${URL}: ${code}`) =>
  new SafeFetchError(code, URL, message, details);

describe('fetch failure → outcome', () => {
  // Every code the fetcher can throw, so a new code cannot slip through unclassified.
  const table: [SafeFetchErrorCode, SafeFetchError['details'], FetchFailureKind][] = [
    ['BLOCKED_ADDRESS', { address: '10.0.0.1' }, 'site-unreachable'],
    ['INVALID_URL', {}, 'site-unreachable'],
    ['DNS_FAILED', {}, 'site-unreachable'],
    ['TOO_MANY_REDIRECTS', {}, 'site-unreachable'],
    ['TOO_LARGE', {}, 'refused'],
    ['UNSUPPORTED_ENCODING', {}, 'refused'],
    ['ROBOTS_DISALLOWED', {}, 'refused'],
    ['HTTP_ERROR', { status: 404 }, 'refused'],
    ['HTTP_ERROR', { status: 410 }, 'refused'],
    ['HTTP_ERROR', {}, 'refused'],
    ['HTTP_ERROR', { status: 429 }, 'transient'],
    ['HTTP_ERROR', { status: 503 }, 'transient'],
    ['TIMEOUT', {}, 'transient'],
    ['TIMEOUT', { aborted: true }, 'transient'],
    ['TLS_ERROR', { connecting: true }, 'transient'],
    ['CONNECTION_FAILED', { connecting: true, cause: 'ECONNREFUSED' }, 'transient'],
  ];

  it('covers every SafeFetchError code', () => {
    expect(new Set(table.map(([code]) => code))).toEqual(new Set(SAFE_FETCH_ERROR_CODES));
  });

  it.each(table)('%s %j is %s', (code, details, kind) => {
    const error = failure(code, details);
    expect(fetchFailureKind(error)).toBe(kind);
    expect(isPermanentFetchFailure(error)).toBe(kind !== 'transient');
    expect(fetchFailureOutcome(error)).toEqual(
      kind === 'transient' ? { kind: 'retry', reason: error.message } : { kind: 'fail', reason: error.message },
    );
  });

  it('fails an unreadable Content-Encoding for good instead of retrying it (the same bytes come back)', () => {
    expect(isPermanentFetchFailure(failure('UNSUPPORTED_ENCODING'))).toBe(true);
  });

  it('decides by code, not by the words in the message', () => {
    expect(fetchFailureKind(failure('CONNECTION_FAILED', {}, `${URL}: blocked address, too large, DNS failed`))).toBe(
      'transient',
    );
    expect(fetchFailureKind(failure('DNS_FAILED', {}, `${URL}: timed out, connection refused, try again`))).toBe(
      'site-unreachable',
    );
  });

  it('keeps a given reason and retry delay', () => {
    expect(fetchFailureOutcome(failure('TIMEOUT'), 'robots.txt was unavailable', 300_000)).toEqual({
      kind: 'retry',
      reason: 'robots.txt was unavailable',
      delayMs: 300_000,
    });
    expect(fetchFailureOutcome(failure('DNS_FAILED'), 'robots.txt was unavailable', 300_000)).toEqual({
      kind: 'fail',
      reason: 'robots.txt was unavailable',
    });
  });

  it.each([
    [500, 'retry'],
    [503, 'retry'],
    [429, 'retry'],
    [404, 'fail'],
    [403, 'fail'],
    [204, 'fail'],
    [301, 'fail'],
  ])('HTTP %i answered: %s', (status, kind) => {
    expect(httpStatusOutcome(status, `${URL} answered HTTP ${status}`)).toEqual({
      kind,
      reason: `${URL} answered HTTP ${status}`,
    });
  });
});
