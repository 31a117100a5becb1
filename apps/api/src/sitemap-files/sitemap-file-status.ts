import { PG_ENUMS, PgEnumDefinition } from '@curation/sdk';

function pgEnum(pgType: string): PgEnumDefinition {
  const found = PG_ENUMS.find((e) => e.pgType === pgType);
  if (!found) throw new Error(`the SDK declares no enum for ${pgType}`);
  return found;
}

/** `sitemap_files.status` (Pending, Processing, Completed, Error): the discovery/record status, not curation. */
export const SITEMAP_FILE_STATUS = pgEnum('sitemap_file_status_enum');

/** What a file created through the API starts as (the column default). */
export const SITEMAP_FILE_PENDING = 'Pending';
