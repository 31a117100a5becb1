import { fitsIndexedColumn, sanitizeJson, sanitizeNullable, sanitizeText } from './sanitize-text';

describe('sanitizeText', () => {
  it('removes NUL and other C0 controls but keeps tab, newline and carriage return', () => {
    expect(sanitizeText('a\u0000b\u0001c\u001fd\u007fe\tf\ng\rh', 100)).toBe('abcde\tf\ng\rh');
  });

  it('replaces lone surrogates and keeps real pairs', () => {
    expect(sanitizeText('x\ud800y\udc00z😀', 100)).toBe('x\ufffdy\ufffdz😀');
  });

  it('caps the length with an ellipsis and never splits a surrogate pair', () => {
    expect(sanitizeText('abcdef', 4)).toBe('abc…');
    const cut = sanitizeText('ab😀cd', 4);
    expect(cut).toBe('ab…');
    expect(Buffer.from(cut, 'utf8').toString('utf8')).toBe(cut);
  });

  it('is linear: 4 MiB of controls and surrogates is cleaned well within a second', () => {
    const hostile = '\u0000\ud800a'.repeat(1_400_000);
    const started = performance.now();
    expect(sanitizeText(hostile, 10).length).toBeLessThanOrEqual(10);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('passes null through and judges indexed widths in UTF-8 bytes', () => {
    expect(sanitizeNullable(null, 5)).toBeNull();
    expect(fitsIndexedColumn('é'.repeat(1000))).toBe(true);
    expect(fitsIndexedColumn('é'.repeat(1001))).toBe(false);
  });

  it('sanitises every string of a JSON value, keys included, and keeps other values', () => {
    expect(sanitizeJson({ 'k\u0000': ['a\u0000', 1, null, true, { e: 'x\ud800' }] })).toEqual({
      k: ['a', 1, null, true, { e: 'x\ufffd' }],
    });
    expect(JSON.stringify(sanitizeJson({ e: 'a\u0000b' }))).not.toContain('\\u0000');
  });
});
