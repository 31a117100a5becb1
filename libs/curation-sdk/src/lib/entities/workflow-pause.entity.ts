import { Column, Entity, PrimaryColumn } from 'typeorm';

import { UpdatedAtColumn } from './columns';

/**
 * A workflow that stopped claiming until `paused_until` because its service refused every call (DeBounce out of
 * credits or its key revoked): one row per workflow, shared by every worker, read by the claim itself. Not a
 * reference table.
 */
@Entity({ name: 'workflow_pauses' })
export class WorkflowPauseEntity {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'workflow_pauses_pkey' })
  workflow_id: string;

  @Column({ type: 'timestamptz' })
  paused_until: Date;

  @Column({ type: 'text' })
  reason: string;

  /** The worker (lease owner) that paused it. */
  @Column({ type: 'text', nullable: true })
  paused_by: string | null;

  @UpdatedAtColumn()
  updated_at: Date;
}
