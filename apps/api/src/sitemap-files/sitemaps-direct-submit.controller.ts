import {
  BadRequestException,
  Body,
  ConflictException,
  Controller,
  HttpCode,
  HttpStatus,
  Post,
  Req,
} from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

import {
  applyCurationStatus,
  DEFAULT_TENANT_ID,
  normalizeDomain,
  SitemapCurationStatus,
  WF5_SITEMAP_IMPORT,
} from '@curation/sdk';

import { AuthenticatedUser } from '../auth/jwt-auth.guard';
import { userUuid } from './request-user';
import { SitemapsSubmittedSchema } from './sitemap-files.responses';
import { checkSitemapUrl } from './sitemap-url';
import { DirectSubmitSitemapsBody, DirectSubmitSitemapsResponse } from './sitemaps-direct-submit.dto';

interface Submitted {
  readonly url: string;
  /** The normalised host, when the file is recorded under its own domain. */
  readonly domain: string | null;
}

/** Each URL checked and canonicalised, its domain derived as WF3 derives one; every problem named at once. */
function checkAll(urls: readonly string[], byHost: boolean): Submitted[] {
  const problems: string[] = [];
  const seen = new Map<string, Submitted>();
  for (const input of urls) {
    const checked = checkSitemapUrl(input, 'sitemap_urls', true);
    if (!checked.ok) {
      problems.push(checked.message);
      continue;
    }
    let domain: string | null = null;
    if (byHost) {
      const normalized = normalizeDomain(checked.url, 'sitemap_urls');
      if (!normalized.ok) {
        problems.push(normalized.message);
        continue;
      }
      domain = normalized.domain;
    }
    // The same file twice in one request is one file, not a conflict with itself.
    seen.set(checked.url, { url: checked.url, domain });
  }
  if (problems.length > 0) throw new BadRequestException({ detail: problems.join('; ') });
  return [...seen.values()];
}

/**
 * WF5 entry without discovery: sitemap files typed by a person. As in the reference, the whole request is refused
 * (409, nothing written) when any file already exists; unknown domains are created (curation New).
 */
@Controller('api/v3/sitemaps')
export class SitemapsDirectSubmitController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Post('direct-submit')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: SitemapsSubmittedSchema })
  async directSubmit(
    @Body() body: DirectSubmitSitemapsBody,
    @Req() request: { user?: AuthenticatedUser },
  ): Promise<DirectSubmitSitemapsResponse> {
    // null is what the reference's clients send for "from the host" (its schema default).
    const domainId = body.domain_id ?? undefined;
    const files = checkAll(body.sitemap_urls, domainId === undefined);
    const user = userUuid(request);
    return this.dataSource.transaction(async (manager) => {
      const domainIds = await this.domainsOf(manager, files, domainId);
      const rows: { id: string; url: string; created: boolean }[] = await manager.query(
        `WITH input AS (
           SELECT * FROM unnest($1::uuid[], $2::text[]) AS i(domain_id, url)
         ), inserted AS (
           INSERT INTO sitemap_files (domain_id, tenant_id, url, sitemap_type, discovery_method, user_id, created_by, updated_by)
           SELECT i.domain_id, d.tenant_id, i.url, 'standard', 'manual', $3, $3, $3
             FROM input i JOIN domains d ON d.id = i.domain_id
            ORDER BY i.domain_id, i.url
           ON CONFLICT (domain_id, url) DO NOTHING
           RETURNING id, url
         )
         SELECT id, url, TRUE AS created FROM inserted
         UNION ALL
         SELECT f.id, f.url, FALSE FROM sitemap_files f JOIN input i ON f.domain_id = i.domain_id AND f.url = i.url`,
        [domainIds, files.map((f) => f.url), user],
      );
      const existing = rows.filter((r) => !r.created);
      if (existing.length > 0)
        throw new ConflictException({
          detail: `Sitemap already exists: ${existing.map((e) => `${e.url} (ID: ${e.id})`).join(', ')}`,
        });
      const created = rows.filter((r) => r.created);
      if (created.length !== files.length)
        throw new ConflictException({ detail: 'Some sitemap files were created concurrently; nothing was written' });
      const byUrl = new Map(created.map((r) => [r.url, r.id]));
      const ids = files.map((f) => byUrl.get(f.url) ?? '');
      if (body.auto_import) await applyCurationStatus(manager, WF5_SITEMAP_IMPORT, ids, SitemapCurationStatus.Selected);
      return { submitted_count: ids.length, sitemap_ids: ids, auto_queued: body.auto_import };
    });
  }

  /** The domain id of each file: the given one (which must exist), or its host's, created when new. */
  private async domainsOf(
    manager: EntityManager,
    files: readonly Submitted[],
    domainId: string | undefined,
  ): Promise<string[]> {
    if (domainId !== undefined) {
      const found: unknown[] = await manager.query(`SELECT id FROM domains WHERE id = $1`, [domainId]);
      if (found.length === 0) throw new BadRequestException({ detail: 'domain_id: no domain has this id' });
      return files.map(() => domainId);
    }
    const names = [...new Set(files.flatMap((f) => (f.domain === null ? [] : [f.domain])))];
    const rows: { id: string; domain: string }[] = await manager.query(
      `WITH input AS (SELECT DISTINCT unnest($1::text[]) AS domain),
       inserted AS (
         INSERT INTO domains (domain, tenant_id) SELECT domain, $2 FROM input ORDER BY domain
         ON CONFLICT (domain) DO NOTHING RETURNING id, domain
       )
       SELECT id, domain FROM inserted
       UNION ALL
       SELECT d.id, d.domain FROM domains d JOIN input i ON i.domain = d.domain`,
      [names, DEFAULT_TENANT_ID],
    );
    const byName = new Map(rows.map((r) => [r.domain, r.id]));
    const missing = names.filter((n) => !byName.has(n));
    if (missing.length > 0)
      throw new ConflictException({ detail: `Domains were being created concurrently: ${missing.join(', ')}; retry` });
    return files.map((f) => byName.get(f.domain ?? '') ?? '');
  }
}
