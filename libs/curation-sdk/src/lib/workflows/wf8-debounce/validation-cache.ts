import { DataSource } from 'typeorm';

import { EMAIL_VALIDATION_RESULTS, EmailValidationResult } from '@curation/integrations';

/** A DeBounce verdict already paid for, as another contact with the same address stored it. */
export interface CachedValidation {
  readonly result: EmailValidationResult;
  readonly score: number | null;
  readonly reason: string | null;
  readonly suggestion: string | null;
  readonly validatedAt: Date;
}

/**
 * $1 lower-cased addresses, $2 days, $3 reusable results. Served by `ix_contacts_lower_email_validated`
 * (migration 1795910400011): an index scan per address, not a scan of every contact.
 */
export const VALIDATION_CACHE_SQL = `SELECT DISTINCT ON (lower(c.email)) lower(c.email) AS address, c.debounce_result AS result,
            c.debounce_score AS score, c.debounce_reason AS reason, c.debounce_suggestion AS suggestion,
            c.debounce_validated_at AS validated_at
       FROM contacts c
      WHERE lower(c.email) = ANY($1::text[])
        AND c.debounce_validated_at > now() - $2::double precision * interval '1 day'
        AND c.debounce_result = ANY($3::text[])
      ORDER BY lower(c.email), c.debounce_validated_at DESC`;

/** The cache key of an address: DeBounce, like every mailbox provider we deliver to, ignores case. */
export const addressKey = (email: string): string => email.toLowerCase();

/**
 * The newest verdict per address among all contacts validated within `days`, in one statement for the whole
 * batch. Only the current vocabulary is reused: a reference row saying `catch_all` or `role_based` is validated
 * again rather than guessed at.
 */
export async function findCachedValidations(
  dataSource: DataSource,
  emails: readonly string[],
  days: number,
): Promise<Map<string, CachedValidation>> {
  const found = new Map<string, CachedValidation>();
  if (days <= 0 || emails.length === 0) return found;
  const rows: {
    address: string;
    result: EmailValidationResult;
    score: number | null;
    reason: string | null;
    suggestion: string | null;
    validated_at: Date;
  }[] = await dataSource.query(VALIDATION_CACHE_SQL, [
    [...new Set(emails.map(addressKey))],
    days,
    EMAIL_VALIDATION_RESULTS,
  ]);
  for (const row of rows)
    found.set(row.address, {
      result: row.result,
      score: row.score,
      reason: row.reason,
      suggestion: row.suggestion,
      validatedAt: row.validated_at,
    });
  return found;
}
