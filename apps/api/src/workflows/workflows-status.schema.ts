import { ApiProperty } from '@nestjs/swagger';

import type { WorkflowStatus } from '@curation/sdk';

import type { EdgeStatus, WorkflowsStatusResponse } from './workflows.controller';

const counts = {
  type: 'object',
  additionalProperties: { type: 'integer' },
  description: 'Rows per label; the key "null" counts rows without one',
} as const;

/** The OpenAPI shape of GET /api/v3/workflows/status, for the console's dashboard (WorkflowsStatusResponse). */
export class EdgeStatusSchema implements EdgeStatus {
  @ApiProperty({ example: 'wf3-to-wf4' })
  edge!: string;

  @ApiProperty({ description: 'The workflow this edge queues rows for' })
  to!: string;

  @ApiProperty({ description: 'What it queues, in words' })
  queues!: string;

  @ApiProperty({ type: String, nullable: true, description: 'The worker variable that switches it' })
  switch!: string | null;

  @ApiProperty()
  enabled_by_default!: boolean;
}

export class LatestErrorSchema {
  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'integer' }] })
  id!: string | number;

  @ApiProperty()
  error!: string;

  @ApiProperty({ format: 'date-time' })
  updated_at!: string;
}

export class WorkflowPauseSchema {
  @ApiProperty({ format: 'date-time' })
  until!: string;

  @ApiProperty()
  reason!: string;

  @ApiProperty({ type: String, nullable: true })
  paused_by!: string | null;
}

export class LastHourSchema {
  @ApiProperty({ description: 'Rows that ended done in the last hour' })
  done!: number;

  @ApiProperty({ description: 'Rows that ended failed in the last hour' })
  failed!: number;

  @ApiProperty({ description: 'True when only the newest updates were read: the figures are lower bounds' })
  at_least!: boolean;
}

export class LeaseHolderSchema {
  @ApiProperty({ description: 'The worker holding the leases (WORKER_ID)' })
  worker!: string;

  @ApiProperty({ description: 'Rows it holds' })
  rows!: number;

  @ApiProperty({ format: 'date-time', description: 'When its earliest lease runs out' })
  lease_expires_at!: string;
}

// `implements`: a field added to or renamed in the answer fails to compile until its schema follows.
export class WorkflowStatusSchema implements WorkflowStatus {
  @ApiProperty({ example: 'wf3-domain-extraction' })
  workflow!: string;

  @ApiProperty()
  table!: string;

  @ApiProperty({ type: String, nullable: true })
  curation_column!: string | null;

  @ApiProperty()
  processing_column!: string;

  @ApiProperty(counts)
  curation_counts!: Record<string, number>;

  @ApiProperty(counts)
  processing_counts!: Record<string, number>;

  @ApiProperty({ description: 'True when a count of this entry is the planner estimate rather than exact' })
  counts_are_estimates!: boolean;

  @ApiProperty({ type: Number, nullable: true, description: 'How long the oldest claimable row has waited' })
  oldest_queued_age_seconds!: number | null;

  @ApiProperty({ description: 'Rows in processing whose lease expired: a worker died, the sweep will recover them' })
  expired_leases!: number;

  @ApiProperty({ type: [LatestErrorSchema] })
  latest_errors!: LatestErrorSchema[];

  @ApiProperty({ type: WorkflowPauseSchema, nullable: true })
  paused!: WorkflowPauseSchema | null;

  @ApiProperty({ type: LastHourSchema, description: 'Throughput: rows finished in the last hour' })
  last_hour!: LastHourSchema;

  @ApiProperty({ type: [LeaseHolderSchema], description: 'Which workers hold leases now' })
  lease_holders!: LeaseHolderSchema[];

  @ApiProperty({ type: [EdgeStatusSchema], description: 'What this workflow queues downstream' })
  queues!: EdgeStatusSchema[];
}

export class WorkflowsStatusSchema implements WorkflowsStatusResponse {
  @ApiProperty({ type: [WorkflowStatusSchema] })
  workflows!: WorkflowStatusSchema[];

  @ApiProperty({ type: [EdgeStatusSchema], description: 'What the API queues when people curate' })
  api_queues!: EdgeStatusSchema[];

  @ApiProperty({ format: 'date-time', description: 'When the snapshot served was read' })
  snapshot_at!: string;

  @ApiProperty()
  counts_are_estimates!: boolean;
}
