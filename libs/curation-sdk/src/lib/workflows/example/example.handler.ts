// Test-only: the example workflow's handler (see example.definition.ts).
import { EntityManager } from 'typeorm';

import { normalizeDomain } from '../../domains/normalize-domain';
import { DoneItem, outcome, Outcome, WorkflowHandler } from '../../scheduler/outcome';
import { notifyIf, queuedOnInsert } from '../workflow-edges';
import { ident } from '../workflow-sql';
import { EDGE_WF9_TO_WF4, ExampleSubmission } from './example.definition';

const QUEUED = queuedOnInsert(EDGE_WF9_TO_WF4);

/** Derives each submission's domain; persist inserts new domains already queued for WF4 and wakes it. */
export class ExampleHandler implements WorkflowHandler<ExampleSubmission, { domain: string }> {
  async process(items: readonly ExampleSubmission[]): Promise<readonly Outcome<{ domain: string }>[]> {
    return items.map((item) => {
      const normalized = normalizeDomain(item.url, 'url');
      return normalized.ok ? outcome.done({ domain: normalized.domain }) : outcome.failed(normalized.message);
    });
  }

  async persist(
    manager: EntityManager,
    done: readonly DoneItem<ExampleSubmission, { domain: string }>[],
  ): Promise<void> {
    await manager.query(
      `WITH inserted AS (
         INSERT INTO domains (domain, tenant_id, ${QUEUED.columns.map(ident).join(', ')})
         SELECT DISTINCT ON (d) d, t, ${QUEUED.values.join(', ')} FROM unnest($1::text[], $2::uuid[]) AS i(d, t)
         ON CONFLICT (domain) DO NOTHING RETURNING id
       )
       SELECT ${notifyIf(EDGE_WF9_TO_WF4, 'EXISTS (SELECT 1 FROM inserted)')} AS notified`,
      [done.map((d) => d.result.domain), done.map((d) => d.item.tenant_id)],
    );
  }
}
