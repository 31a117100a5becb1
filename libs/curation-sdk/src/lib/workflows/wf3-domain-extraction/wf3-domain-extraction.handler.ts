import { EntityManager } from 'typeorm';

import { normalizeDomain } from '../../domains/normalize-domain';
import { LocalBusinessEntity } from '../../entities/local-business.entity';
import { DoneItem, Outcome, outcome, WorkflowHandler } from '../../scheduler/outcome';
import { EDGE_WF3_TO_WF4, notifyIf, queuedOnInsert } from '../workflow-edges';
import { ident } from '../workflow-sql';

export interface DomainExtractionResult {
  readonly domain: string;
}

/**
 * WF3: derives each selected business's domain from `website_url` with the shared normalizer, then, for
 * the whole batch in one statement, upserts `domains` on the unique name (concurrency-safe ON CONFLICT)
 * and links both ways: a new domain points at the business that produced it, every business records its
 * domain. A missing, blank or invalid URL fails the row with the normalizer's reason, and so does a website that
 * is a platform's page rather than the business's own (a Facebook page, a Yelp listing, a short link, a free
 * builder site: domains/platform-websites.ts): linking it would make discovery crawl the platform and record the
 * platform's contacts as the business's.
 * With the WF3 → WF4 edge on (the default, EDGE_WF3_TO_WF4_ENABLED), a domain this statement creates is
 * inserted already queued for sitemap discovery and WF4 is woken at commit; existing domains are left as
 * people curated them.
 */
export class Wf3DomainExtractionHandler implements WorkflowHandler<LocalBusinessEntity, DomainExtractionResult> {
  private readonly sql: string;

  constructor(options: { readonly queueDiscovery?: boolean } = {}) {
    const queue = options.queueDiscovery ?? EDGE_WF3_TO_WF4.enabledByDefault;
    const edge = queue ? queuedOnInsert(EDGE_WF3_TO_WF4) : { columns: [], values: [] };
    const columns = edge.columns.map((c) => `, ${ident(c)}`).join('');
    const values = edge.values.map((v) => `, ${v}`).join('');
    this.sql = `WITH input AS (
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[]) WITH ORDINALITY AS i(business_id, domain, tenant_id, n)
       ), first_claim AS (
         -- a new domain shared by several businesses of the batch belongs to the first one claimed
         SELECT DISTINCT ON (domain) domain, business_id, tenant_id FROM input ORDER BY domain, n
       ), upserted AS (
         INSERT INTO "domains" ("domain", "tenant_id", "local_business_id"${columns})
         SELECT domain, tenant_id, business_id${values} FROM first_claim ORDER BY domain
         ON CONFLICT ("domain") DO UPDATE SET "domain" = EXCLUDED."domain"
         RETURNING "id", "domain", xmax = 0 AS created
       ), linked AS (
         UPDATE "local_businesses" AS b SET "domain_id" = u."id"
           FROM input i JOIN upserted u ON u."domain" = i.domain
          WHERE b."id" = i.business_id
         RETURNING b."id"
       )
       SELECT (SELECT count(*) FROM linked)::int AS linked${queue ? `, ${notifyIf(EDGE_WF3_TO_WF4, 'EXISTS (SELECT 1 FROM upserted WHERE created)')} AS notified` : ''}`;
  }

  async process(items: readonly LocalBusinessEntity[]): Promise<readonly Outcome<DomainExtractionResult>[]> {
    return items.map((business) => {
      const normalized = normalizeDomain(business.website_url);
      return normalized.ok ? outcome.done({ domain: normalized.domain }) : outcome.failed(normalized.message);
    });
  }

  async persist(
    manager: EntityManager,
    done: readonly DoneItem<LocalBusinessEntity, DomainExtractionResult>[],
  ): Promise<void> {
    await manager.query(this.sql, [
      done.map((d) => d.item.id),
      done.map((d) => d.result.domain),
      done.map((d) => d.item.tenant_id),
    ]);
  }
}
