import { ident } from './quote-ident';

describe('ident', () => {
  it('double-quotes a name, so case and reserved words survive', () => {
    expect(ident('updatedAt')).toBe('"updatedAt"');
    expect(ident('order')).toBe('"order"');
  });

  it('doubles inner quotes, so a name cannot close its own quoting', () => {
    expect(ident('a"b')).toBe('"a""b"');
    expect(ident('x"; DROP TABLE t; --')).toBe('"x""; DROP TABLE t; --"');
  });
});
