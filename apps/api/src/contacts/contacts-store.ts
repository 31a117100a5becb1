import { ConflictException } from '@nestjs/common';
import { DataSource } from 'typeorm';

import { ContactCurationStatusEnum, CurationFilter, filterSql, ident, parseEnumLabel } from '@curation/sdk';

import { CONTACT_READ_COLUMNS, ContactRead } from './contact-read';

const RETURNING = CONTACT_READ_COLUMNS.join(', ');

/** pg's unique_violation: the only constraint a curator's edit can hit is `uq_contacts_domain_email`. */
const UNIQUE_VIOLATION = '23505';

export async function readContact(db: DataSource, id: string): Promise<ContactRead | undefined> {
  const rows: ContactRead[] = await db.query(`SELECT ${RETURNING} FROM "contacts" t WHERE t."id" = $1`, [id]);
  return rows[0];
}

/** One UPDATE … RETURNING; `changes` holds whitelisted column names only. */
export async function updateContact(
  db: DataSource,
  id: string,
  changes: readonly (readonly [column: string, value: unknown])[],
): Promise<ContactRead | undefined> {
  if (changes.length === 0) return readContact(db, id);
  const sets = changes.map(([column], i) => `${ident(column)} = $${i + 2}`);
  try {
    const rows: [ContactRead[], number] = await db.query(
      `UPDATE "contacts" AS t SET ${sets.join(', ')}, "updated_at" = now() WHERE t."id" = $1 RETURNING ${RETURNING}`,
      [id, ...changes.map(([, value]) => value)],
    );
    return rows[0][0];
  } catch (error) {
    if ((error as { code?: unknown }).code === UNIQUE_VIOLATION)
      throw new ConflictException({ detail: 'Another contact of this domain already has this email' });
    throw error;
  }
}

export async function deleteContact(db: DataSource, id: string): Promise<boolean> {
  const [rows]: [unknown[], number] = await db.query(`DELETE FROM "contacts" WHERE "id" = $1 RETURNING "id"`, [id]);
  return rows.length > 0;
}

/** Which contacts a status update targets: an id list, or every contact matching the list's filters. */
export type ContactTarget = readonly string[] | { readonly filters: readonly CurationFilter[] };

/**
 * Sets `contact_curation_status` in one statement. Contacts have no workflow definition (nothing processes
 * them yet), so there is no dual-status rule to apply: the processing status is left as it is.
 */
export async function setContactCurationStatus(db: DataSource, target: ContactTarget, label: string): Promise<number> {
  // The DTO has parsed the label already; an alias reaching here would be a caller's bug, not a 400.
  const parsed = parseEnumLabel(ContactCurationStatusEnum, label);
  if (!parsed.ok || parsed.value !== label) throw new Error(`${label} is not an exact ContactCurationStatus label`);
  const byIds = Array.isArray(target);
  const filters = filterSql(byIds ? [] : (target as { filters: readonly CurationFilter[] }).filters, 3, 't');
  const rows: { updated_count: number }[] = await db.query(
    `WITH updated AS (
       UPDATE "contacts" AS t SET "contact_curation_status" = $1::contact_curation_status, "updated_at" = now()
        WHERE ($2::uuid[] IS NULL OR t."id" = ANY($2::uuid[])) AND ${filters.sql}
        RETURNING 1
     )
     SELECT count(*)::int AS updated_count FROM updated`,
    [label, byIds ? target : null, ...filters.params],
  );
  return rows[0].updated_count;
}
