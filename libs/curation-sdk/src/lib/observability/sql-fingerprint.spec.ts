import { sqlFingerprint } from './sql-fingerprint';

describe('sqlFingerprint', () => {
  it('makes the same statement with other values compare equal', () => {
    expect(sqlFingerprint(`SELECT * FROM t WHERE id = $1 AND name = 'x'`)).toBe(
      sqlFingerprint(`SELECT *  FROM t\nWHERE id = $7 AND name = 'y''z'`),
    );
  });

  it('collapses IN lists and VALUES rows of any length', () => {
    expect(sqlFingerprint('SELECT 1 FROM t WHERE id IN ($1, $2, $3)')).toBe(
      sqlFingerprint('SELECT 1 FROM t WHERE id IN ($1)'),
    );
    expect(sqlFingerprint('INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4)')).toBe(
      sqlFingerprint('INSERT INTO t (a, b) VALUES ($1, $2)'),
    );
  });

  it('keeps different statements apart', () => {
    expect(sqlFingerprint('SELECT a FROM t WHERE id = $1')).not.toBe(sqlFingerprint('SELECT b FROM t WHERE id = $1'));
  });
});
