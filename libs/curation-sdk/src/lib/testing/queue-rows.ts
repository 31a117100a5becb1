import { DataSource } from 'typeorm';

import { ident } from '../database/quote-ident';
import { queueContract } from '../workflows/queue-contract';
import { WorkflowDefinition } from '../workflows/workflow-definition';

/** The quoted name of a workflow's queue table, for tests that play another worker or the clock. */
export function queueTableOf(def: WorkflowDefinition): string {
  return ident(queueContract({ table: def.table, processingColumn: def.processing.column }).table);
}

/** What the queue holds for a workflow's rows: the flight's owner, lease and attempts, and when each is due. */
export interface QueueRow {
  readonly row_id: string;
  readonly locked_by: string | null;
  readonly attempts: number;
  readonly lease_in_ms: number | null;
  readonly due_in_ms: number;
}

export async function queueRows(ds: DataSource, def: WorkflowDefinition): Promise<QueueRow[]> {
  return ds.query(
    `SELECT row_id::text AS row_id, locked_by, attempts,
            round(extract(epoch FROM lease_expires_at - now()) * 1000)::int AS lease_in_ms,
            round(extract(epoch FROM run_at - now()) * 1000)::int AS due_in_ms
       FROM ${queueTableOf(def)} ORDER BY run_at, row_id`,
  );
}
