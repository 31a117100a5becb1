import { EntityManager } from 'typeorm';

import { DebounceClient, DebounceValidation, EmailValidationResult } from '@curation/integrations';

import { applyCurationStatus } from '../../curation/apply-curation-status';
import { ContactEntity } from '../../entities/contact.entity';
import { CrmSyncStatus } from '../../enums/crm-sync-status.enum';
import { BatchContext, DoneItem, Outcome, outcome, WorkflowHandler } from '../../scheduler/outcome';
import { sanitizeText } from '../../text/sanitize-text';
import { WF8_DEBOUNCE } from '../workflow-definitions';
import { edgeEnabled, EDGES_WF8_DEBOUNCE_TO_CRM, WorkflowEdge } from '../workflow-edges';
import { curationCast } from '../workflow-sql';
import { addressKey, CachedValidation, findCachedValidations } from './validation-cache';
import { Wf8DebounceOptions } from './wf8-debounce.options';
import { debounceFailure, pauseReason, refusesEveryone } from './wf8-debounce.outcome';

/** One contact's verdict, for the `debounce_*` columns. */
export interface Wf8DebounceResult {
  readonly result: EmailValidationResult;
  readonly score: number | null;
  readonly reason: string | null;
  readonly suggestion: string | null;
  /**
   * When DeBounce gave this verdict: null for a call made now (stored as the transaction's `now()`), the original
   * time for a reused one, so reusing a verdict never extends its life past the cache window.
   */
  readonly validatedAt: Date | null;
  /** Reused from a contact with the same address: no paid call. */
  readonly fromCache: boolean;
}

/** What the handler has done since it was built (the benchmark and logs read it). */
export interface Wf8DebounceStats {
  readonly paidCalls: number;
  readonly cacheHits: number;
}

/** DeBounce's reason and suggestion are free text from a service: bounded before PostgreSQL sees them. */
const MAX_STORED_TEXT = 1000;
const stored = (text: string | null): string | null => (text === null ? null : sanitizeText(text, MAX_STORED_TEXT));

/**
 * WF8 DeBounce: validates each selected contact's address with one single-address call, unless a contact with the
 * same address was validated within `cacheDays` (one lookup per batch). Writes the verdict and
 * `debounce_validation_status = Complete` for the whole batch in one statement, and in the same transaction queues
 * every deliverable contact (`valid`; `catch-all` only with `queueCatchAll`) for each CRM whose edge is on.
 *
 * Credits running out (402) or a refused key (401) pause the workflow instead of failing contacts: once one call
 * sees it, no other call of the batch is made and every contact not yet validated waits out the pause with its
 * attempt refunded.
 */
export class Wf8DebounceHandler implements WorkflowHandler<ContactEntity, Wf8DebounceResult> {
  private readonly edges: readonly WorkflowEdge[];
  private paidCalls = 0;
  private cacheHits = 0;

  constructor(
    private readonly client: Pick<DebounceClient, 'validate'>,
    private readonly options: Wf8DebounceOptions,
  ) {
    this.edges = Object.values(EDGES_WF8_DEBOUNCE_TO_CRM).filter((edge) => edgeEnabled(edge, options.edges));
  }

  get stats(): Wf8DebounceStats {
    return { paidCalls: this.paidCalls, cacheHits: this.cacheHits };
  }

  async process(
    items: readonly ContactEntity[],
    ctx: BatchContext<ContactEntity>,
  ): Promise<Outcome<Wf8DebounceResult>[]> {
    const cached = await findCachedValidations(
      ctx.dataSource,
      items.map((c) => c.email),
      this.options.cacheDays,
    );
    // Two contacts of one batch with the same address share one paid call.
    const calls = new Map<string, Promise<DebounceValidation>>();
    let refused: Parameters<typeof pauseReason>[0] | null = null;
    return ctx.eachItem(items, async (contact, signal) => {
      const key = addressKey(contact.email);
      const hit = cached.get(key);
      if (hit) {
        this.cacheHits += 1;
        return outcome.done(fromCache(hit));
      }
      let call = calls.get(key);
      if (!call) {
        // Every call after a 402/401 would be refused (and, for 402, could not be paid for): stop calling.
        if (refused) return outcome.pause(pauseReason(refused), this.options.pauseMs);
        this.paidCalls += 1;
        call = this.client.validate(contact.email, { signal });
        calls.set(key, call);
      }
      try {
        return outcome.done(fromCall(await call));
      } catch (error) {
        if (refusesEveryone(error)) refused ??= error;
        return debounceFailure(error, this.options.pauseMs);
      }
    });
  }

  async persist(manager: EntityManager, done: readonly DoneItem<ContactEntity, Wf8DebounceResult>[]): Promise<void> {
    const rows = done.map(({ item, result }) => ({
      id: item.id,
      result: result.result,
      score: result.score,
      reason: stored(result.reason),
      suggestion: stored(result.suggestion),
      validated_at: result.validatedAt?.toISOString() ?? null,
    }));
    await manager.query(
      `UPDATE contacts c SET
         debounce_result = r.result, debounce_score = r.score, debounce_reason = r.reason,
         debounce_suggestion = r.suggestion, debounce_validated_at = coalesce(r.validated_at, now()),
         debounce_validation_status = $2${curationCast(WF8_DEBOUNCE)}, updated_at = now()
        FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, result text, score int, reason text, suggestion text,
             validated_at timestamptz)
       WHERE c.id = r.id`,
      [JSON.stringify(rows), CrmSyncStatus.Complete],
    );
    if (this.edges.length === 0) return;
    const deliverable = done.filter(({ result }) => this.isDeliverable(result.result)).map(({ item }) => item.id);
    // One statement per enabled CRM, whatever the batch size; none when nothing in the batch is deliverable.
    for (const edge of this.edges) {
      const curation = edge.to.curation;
      if (curation) await applyCurationStatus(manager, edge.to, deliverable, curation.queueingLabel);
    }
  }

  /** Invalid, disposable and unknown addresses never reach a CRM; catch-all only when the setting allows it. */
  private isDeliverable(result: EmailValidationResult): boolean {
    return result === 'valid' || (result === 'catch-all' && this.options.queueCatchAll);
  }
}

function fromCall(v: DebounceValidation): Wf8DebounceResult {
  return {
    result: v.result,
    score: v.score,
    reason: v.reason,
    suggestion: v.suggestion,
    validatedAt: null,
    fromCache: false,
  };
}

function fromCache(c: CachedValidation): Wf8DebounceResult {
  return { ...c, fromCache: true };
}
