// Test-only: the example workflow that proves "Adding a workflow" (README). Not exported by the SDK.
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

import { definePgEnum } from '../../enums/pg-enum';
import { LeaseColumns } from '../lease-contract';
import { defineWorkflow } from '../workflow-definition';
import { WF4_SITEMAP_DISCOVERY } from '../workflow-definitions';
import { WorkflowEdge } from '../workflow-edges';

export enum ExampleReview {
  New = 'New',
  Selected = 'Selected',
  Skipped = 'Skipped',
}

export enum ExampleCheck {
  Queued = 'Queued',
  Processing = 'Processing',
  Done = 'Done',
  Failed = 'Failed',
}

export const ExampleReviewEnum = definePgEnum('ExampleReview', null, ExampleReview);
export const ExampleCheckEnum = definePgEnum('ExampleCheck', null, ExampleCheck);

/** A submitted website; once checked, its domain is queued for WF4. */
@LeaseColumns({
  table: 'example_submissions',
  processingColumn: 'check_status',
  queued: ExampleCheck.Queued,
  processing: ExampleCheck.Processing,
  claimOrder: 'updated_at',
})
@Entity({ name: 'example_submissions' })
export class ExampleSubmission {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  tenant_id: string;

  @Column({ type: 'text' })
  url: string;

  @Column({ type: 'varchar', default: ExampleReview.New })
  review_status: ExampleReview;

  @Column({ type: 'varchar', nullable: true })
  check_status: ExampleCheck | null;

  @Column({ type: 'text', nullable: true })
  check_error: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  created_at: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updated_at: Date;

  declare check_status_attempts: number;
  declare check_status_lease_expires_at: Date | null;
  declare check_status_locked_by: string | null;
  declare check_status_next_attempt_at: Date | null;
}

export const WF9_EXAMPLE = defineWorkflow<ExampleSubmission>({
  id: 'wf9-example',
  entity: ExampleSubmission,
  table: 'example_submissions',
  idType: 'uuid',
  curation: { column: 'review_status', enum: ExampleReviewEnum, queueingLabel: ExampleReview.Selected },
  processing: {
    column: 'check_status',
    enum: ExampleCheckEnum,
    queued: ExampleCheck.Queued,
    processing: ExampleCheck.Processing,
    done: ExampleCheck.Done,
    failed: ExampleCheck.Failed,
    idle: null,
  },
  errorColumn: 'check_error',
  claimOrder: 'updated_at',
  defaults: {
    intervalMs: 10_000,
    batchSize: 10,
    concurrency: 1,
    maxAttempts: 3,
    leaseMs: 30_000,
    itemTimeoutMs: 5_000,
  },
});

export const EDGE_WF9_TO_WF4: WorkflowEdge = Object.freeze({
  name: 'WF9_TO_WF4',
  from: WF9_EXAMPLE.id,
  to: WF4_SITEMAP_DISCOVERY,
  queues: 'every new domain of a checked submission, for sitemap discovery',
  enabledByDefault: true,
  switchable: false,
});
