/**
 * Normalises a SQL statement so that the same statement with different values compares equal:
 * parameters and literals become `?`, IN lists and VALUES rows collapse, whitespace folds.
 */
export function sqlFingerprint(sql: string): string {
  return sql
    .replace(/'(?:[^']|'')*'/g, '?')
    .replace(/\$\d+/g, '?')
    .replace(/\b\d+(?:\.\d+)?\b/g, '?')
    .replace(/\s+/g, ' ')
    .replace(/\(\s*\?(?:\s*,\s*\?)*\s*\)/g, '(?+)')
    .replace(/\(\?\+\)(?:\s*,\s*\(\?\+\))+/g, '(?+)')
    .trim();
}
