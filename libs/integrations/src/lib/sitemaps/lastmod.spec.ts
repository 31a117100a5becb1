import fc from 'fast-check';

import { normalizeLastmod } from './lastmod';

describe('normalizeLastmod', () => {
  it.each([
    ['2024', '2024-01-01'],
    ['2024-05', '2024-05-01'],
    ['2024-05-07', '2024-05-07'],
    [' 2024-05-07 ', '2024-05-07'],
    ['2024-02-29', '2024-02-29'],
    ['2000-02-29', '2000-02-29'],
    ['2024-05-07T10:30', '2024-05-07T10:30'],
    ['2024-05-07T10:30Z', '2024-05-07T10:30Z'],
    ['2024-05-07T10:30:15+02:00', '2024-05-07T10:30:15+02:00'],
    ['2024-05-07T10:30:15.123456789-05:30', '2024-05-07T10:30:15.123456-05:30'],
    ['2024-05-07 10:30:15 +0000', '2024-05-07T10:30:15+00:00'],
    ['2024-05-07t10:30:15z', '2024-05-07T10:30:15Z'],
    ['2024-05-07T10:30:15+14:00', '2024-05-07T10:30:15+14:00'],
    ['0001-01-01', '0001-01-01'],
  ])('%s → %s', (raw, expected) => {
    expect(normalizeLastmod(raw)).toBe(expected);
  });

  it.each([
    '2024-02-30',
    '2023-02-29',
    '1900-02-29',
    '2024-04-31',
    '2024-13-01',
    '2024-00-10',
    '2024-05-00',
    '0000-01-01',
    '10000-01-01',
    '99999',
    '202',
    '2024-5-1',
    '2024-05T10:00',
    '2024-05-07T24:00',
    '2024-05-07T10:60',
    '2024-05-07T10:30:60',
    '2024-05-07T10:30+25:00',
    '2024-05-07T10:30+14:30',
    '2024-05-07T10:30+05:75',
    '2024-05-07T10:30+5',
    '2024-05-07T10:30:15.',
    '2024-05-07T10',
    '2024-05-07X',
    '2024-05-07T10:30ZZ',
    'last tuesday',
    '',
    `2024-05-07T10:30:15.${'1'.repeat(100)}Z`,
  ])('%s → null', (raw) => {
    expect(normalizeLastmod(raw)).toBeNull();
  });

  it('never throws, and what it returns is a real instant in its canonical spelling, stable when normalised again', () => {
    const canonical = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:\d{2})?)?$/;
    const datetimeish = fc.stringMatching(
      /^\d{1,5}(-\d{1,2}(-\d{1,2}([T ]\d{1,2}:\d{1,2}(:\d{1,2}(\.\d{0,10})?)? ?(Z|[+-]\d{1,2}:?\d{1,2})?)?)?)?$/,
    );
    fc.assert(
      fc.property(fc.oneof(datetimeish, fc.string({ maxLength: 80 })), (raw) => {
        const out = normalizeLastmod(raw);
        if (out === null) return;
        expect(out).toMatch(canonical);
        expect(Number.isFinite(Date.parse(out.length === 10 ? `${out}T00:00:00Z` : out))).toBe(true);
        expect(normalizeLastmod(out)).toBe(out);
        // The calendar date survives a round trip through Date: no 2024-02-30 rolled over to March.
        expect(new Date(`${out.slice(0, 10)}T00:00:00Z`).toISOString().slice(0, 10)).toBe(out.slice(0, 10));
      }),
      { numRuns: 3000 },
    );
  });
});
