import { BadRequestException, ConflictException, NotFoundException } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

import { applyCurationStatus, enumCast, ident, WF5_SITEMAP_IMPORT } from '@curation/sdk';

import { SITEMAP_FILE_STATUS } from './sitemap-file-status';
import { SITEMAP_FILE_VIEW, SitemapFileView } from './sitemap-file-view';

const UNIQUE_VIOLATION = '23505';
const FOREIGN_KEY_VIOLATION = '23503';
const STATUS_CAST = enumCast(SITEMAP_FILE_STATUS);
const IMPORT_STATUS_CAST = enumCast(WF5_SITEMAP_IMPORT.processing.enum);

const codeOf = (error: unknown): unknown => (error as { code?: unknown }).code;

export interface NewSitemapFile {
  readonly domain_id: string;
  readonly url: string;
  readonly status: string;
  readonly error_message: string | null;
  readonly url_count: number | null;
  readonly sitemap_type: string;
  readonly discovery_method: string | null;
  readonly created_by: string | null;
}

/** Columns a partial update may set (whitelisted: names never come from the request). */
export interface SitemapFileChanges {
  readonly domain_id?: string;
  readonly url?: string;
  readonly status?: string;
  readonly error_message?: string | null;
  readonly url_count?: number | null;
  readonly sitemap_type?: string;
  readonly discovery_method?: string | null;
}

const alreadyExists = (url: string, id: string) =>
  new ConflictException({ detail: `Sitemap file already exists: ${url} (ID: ${id})` });
const unknownDomain = () => new BadRequestException({ detail: 'domain_id: no domain has this id' });
const notFound = () => new NotFoundException({ detail: 'Sitemap file not found' });
const referencedByPages = () =>
  new ConflictException({
    detail: 'Pages imported from this sitemap file still refer to it: delete those pages first',
  });
const urlTaken = () => new ConflictException({ detail: 'Another sitemap file of that domain already has this URL' });

/** The sitemap-file rows behind create, read, update and delete; every write is one statement plus the read back. */
export class SitemapFileStore {
  constructor(private readonly dataSource: DataSource) {}

  async read(id: string, runner: DataSource | EntityManager = this.dataSource): Promise<SitemapFileView | undefined> {
    const rows: SitemapFileView[] = await runner.query(
      `SELECT ${SITEMAP_FILE_VIEW.columns.join(', ')} FROM ${SITEMAP_FILE_VIEW.from} WHERE t."id" = $1`,
      [id],
    );
    return rows[0];
  }

  async readOrThrow(id: string): Promise<SitemapFileView> {
    const row = await this.read(id);
    if (!row) throw notFound();
    return row;
  }

  /**
   * One statement: the domain must exist (its tenant is copied), and `(domain_id, url)` must be new, as the table's
   * unique key wants; a conflict reports the existing file instead of a driver error.
   */
  async create(file: NewSitemapFile): Promise<SitemapFileView> {
    const [outcome]: { domain: string | null; created: string | null; existing: string | null }[] =
      await this.dataSource.query(
        `WITH domain AS (SELECT id, tenant_id FROM domains WHERE id = $1),
         inserted AS (
           INSERT INTO sitemap_files (domain_id, tenant_id, url, status, error_message, url_count, sitemap_type,
                                      discovery_method, created_by, updated_by)
           SELECT id, tenant_id, $2, $3${STATUS_CAST}, $4, $5, $6, $7, $8, $8 FROM domain
           ON CONFLICT (domain_id, url) DO NOTHING
           RETURNING id
         )
         SELECT (SELECT id FROM domain) AS domain, (SELECT id FROM inserted) AS created,
                (SELECT f.id FROM sitemap_files f WHERE f.domain_id = $1 AND f.url = $2) AS existing`,
        [
          file.domain_id,
          file.url,
          file.status,
          file.error_message,
          file.url_count,
          file.sitemap_type,
          file.discovery_method,
          file.created_by,
        ],
      );
    if (!outcome.domain) throw unknownDomain();
    if (!outcome.created) throw alreadyExists(file.url, outcome.existing ?? 'unknown');
    return this.readOrThrow(outcome.created);
  }

  /**
   * Plain columns in one UPDATE that first checks what would fail (unknown domain, a URL the domain already has),
   * so a curator's mistake is a 400/409, not a driver error; a curation label goes through the SDK's dual-status
   * rule in the same transaction (Selected queues the WF5 import and wakes the worker at commit).
   */
  async update(
    id: string,
    changes: SitemapFileChanges,
    curation: string | undefined,
    updatedBy: string | null,
  ): Promise<SitemapFileView> {
    const params: unknown[] = [id, updatedBy, changes.domain_id ?? null, changes.url ?? null];
    const sets = ['"updated_by" = $2', '"updated_at" = now()'];
    const set = (column: string, value: unknown, cast = '') => {
      params.push(value);
      sets.push(`${ident(column)} = $${params.length}${cast}`);
    };
    if (changes.domain_id !== undefined) sets.push('"domain_id" = $3::uuid', '"tenant_id" = next.tenant_id');
    if (changes.url !== undefined) sets.push('"url" = $4::text');
    if (changes.status !== undefined) set('status', changes.status, STATUS_CAST);
    if (changes.error_message !== undefined) set('error_message', changes.error_message);
    if (changes.url_count !== undefined) set('url_count', changes.url_count);
    if (changes.sitemap_type !== undefined) set('sitemap_type', changes.sitemap_type);
    if (changes.discovery_method !== undefined) set('discovery_method', changes.discovery_method);
    return this.dataSource.transaction(async (manager) => {
      let outcome: { found: boolean; no_domain: boolean; taken: boolean };
      try {
        [outcome] = await manager.query(
          `WITH target AS (
             SELECT id, domain_id, url FROM sitemap_files WHERE id = $1 FOR UPDATE
           ), next AS (
             SELECT coalesce($3::uuid, t.domain_id) AS domain_id, coalesce($4::text, t.url) AS url, d.id AS domain, d.tenant_id
               FROM target t LEFT JOIN domains d ON d.id = coalesce($3::uuid, t.domain_id)
           ), checked AS (
             SELECT n.domain IS NULL AS no_domain,
                    EXISTS (SELECT 1 FROM sitemap_files o WHERE o.domain_id = n.domain_id AND o.url = n.url AND o.id <> $1) AS taken
               FROM next n
           ), updated AS (
             UPDATE sitemap_files t SET ${sets.join(', ')}
               FROM next, checked
              WHERE t.id = $1 AND NOT checked.no_domain AND NOT checked.taken
             RETURNING t.id
           )
           SELECT EXISTS (SELECT 1 FROM target) AS found, coalesce(bool_or(c.no_domain), FALSE) AS no_domain,
                  coalesce(bool_or(c.taken), FALSE) AS taken, (SELECT count(*) FROM updated)::int AS updated
             FROM checked c`,
          params,
        );
      } catch (error) {
        // Another writer took the URL, or deleted the domain, between the check and the write.
        if (codeOf(error) === UNIQUE_VIOLATION) throw urlTaken();
        if (codeOf(error) === FOREIGN_KEY_VIOLATION) throw unknownDomain();
        throw error;
      }
      if (!outcome.found) throw notFound();
      if (outcome.no_domain) throw unknownDomain();
      if (outcome.taken) throw urlTaken();
      if (curation !== undefined) await applyCurationStatus(manager, WF5_SITEMAP_IMPORT, [id], curation);
      const row = await this.read(id, manager);
      if (!row) throw notFound();
      return row;
    });
  }

  /**
   * One statement. A file WF5 is importing right now is not deleted under it (409), nor one whose imported pages
   * still point at it (the foreign key; checked first, the constraint catches a page inserted meanwhile): the
   * reference answered both with a 500.
   */
  async delete(id: string): Promise<void> {
    let outcome: { found: number; importing: boolean; referenced: boolean; deleted: number };
    try {
      [outcome] = await this.dataSource.query(
        `WITH target AS (
           SELECT id, sitemap_import_status IS NOT DISTINCT FROM $2${IMPORT_STATUS_CAST} AS importing,
                  EXISTS (SELECT 1 FROM pages p WHERE p.sitemap_file_id = f.id) AS referenced
             FROM sitemap_files f WHERE id = $1 FOR UPDATE
         ), deleted AS (
           DELETE FROM sitemap_files f USING target
            WHERE f.id = target.id AND NOT target.importing AND NOT target.referenced
           RETURNING f.id
         )
         SELECT (SELECT count(*) FROM target)::int AS found,
                coalesce((SELECT importing FROM target), FALSE) AS importing,
                coalesce((SELECT referenced FROM target), FALSE) AS referenced,
                (SELECT count(*) FROM deleted)::int AS deleted`,
        [id, WF5_SITEMAP_IMPORT.processing.processing],
      );
    } catch (error) {
      if (codeOf(error) === FOREIGN_KEY_VIOLATION) throw referencedByPages();
      throw error;
    }
    if (outcome.found === 0) throw notFound();
    if (outcome.importing)
      throw new ConflictException({ detail: 'The sitemap file is being imported right now: retry when it is done' });
    if (outcome.referenced || outcome.deleted === 0) throw referencedByPages();
  }
}
