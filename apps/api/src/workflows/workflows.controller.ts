import { Controller, Get } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import {
  edgeSwitchName,
  readWorkflowStatus,
  WORKFLOW_EDGES,
  WorkflowEdge,
  WORKFLOWS,
  WorkflowStatus,
} from '@curation/sdk';

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
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get('status')
  async status(): Promise<{ workflows: (WorkflowStatus & { queues: EdgeStatus[] })[]; api_queues: EdgeStatus[] }> {
    const workflows: (WorkflowStatus & { queues: EdgeStatus[] })[] = [];
    // One statement per workflow, in sequence: six small statements, a fixed cost for this endpoint.
    for (const def of WORKFLOWS) {
      const status = await readWorkflowStatus(this.dataSource, def);
      workflows.push({ ...status, queues: WORKFLOW_EDGES.filter((edge) => edge.from === def.id).map(edgeStatus) });
    }
    return { workflows, api_queues: WORKFLOW_EDGES.filter((edge) => edge.from === 'api').map(edgeStatus) };
  }
}
