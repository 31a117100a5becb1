import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';

import { edgeSwitchName, WORKFLOW_EDGES, WorkflowEdge, WORKFLOWS, WorkflowStatus } from '@curation/sdk';

import { OperationsSnapshotService } from '../operations/operations-snapshot.service';
import { WorkflowsStatusSchema } from './workflows-status.schema';

/** One pipeline edge as the status endpoint shows it. */
export interface EdgeStatus {
  readonly edge: string;
  readonly to: string;
  readonly queues: string;
  /** The worker variable that switches it; null for an edge the pipeline cannot run without. */
  readonly switch: string | null;
  /** On unless the worker's switch says otherwise (the API does not read the worker's settings). */
  readonly enabled_by_default: boolean;
}

export interface WorkflowsStatusResponse {
  readonly workflows: (WorkflowStatus & { queues: EdgeStatus[] })[];
  readonly api_queues: EdgeStatus[];
  /** When the snapshot served was read (it is shared for OPERATIONS_SNAPSHOT_MS). */
  readonly snapshot_at: string;
  /** True when any workflow's counts are estimates (see each entry's `counts_are_estimates`). */
  readonly counts_are_estimates: boolean;
}

const edgeStatus = (edge: WorkflowEdge): EdgeStatus => ({
  edge: edge.name,
  to: edge.to.id,
  queues: edge.queues,
  switch: edge.switchable ? edgeSwitchName(edge) : null,
  enabled_by_default: edge.enabledByDefault,
});

/** Operations view of every workflow: counts per label, queue age, dead leases, latest errors, what it queues downstream. */
@Controller('api/v3/workflows')
export class WorkflowsController {
  constructor(private readonly operations: OperationsSnapshotService) {}

  @Get('status')
  @ApiOkResponse({ type: WorkflowsStatusSchema })
  async status(): Promise<WorkflowsStatusResponse> {
    const { takenAt, statuses } = await this.operations.get();
    const now = Date.now();
    const workflows = statuses.map((status, i) => ({
      ...status,
      // A pause that has run out since the snapshot was read is over now.
      paused: status.paused && Date.parse(status.paused.until) > now ? status.paused : null,
      queues: WORKFLOW_EDGES.filter((edge) => edge.from === WORKFLOWS[i].id).map(edgeStatus),
    }));
    return {
      workflows,
      api_queues: WORKFLOW_EDGES.filter((edge) => edge.from === 'api').map(edgeStatus),
      snapshot_at: takenAt.toISOString(),
      counts_are_estimates: statuses.some((s) => s.counts_are_estimates),
    };
  }
}
