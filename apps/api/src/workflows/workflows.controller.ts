import { Controller, Get } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { readWorkflowStatus, WORKFLOWS, WorkflowStatus } from '@curation/sdk';
import { DataSource } from 'typeorm';

/** Operations view of every workflow: counts per label, queue age, dead leases, latest errors. */
@Controller('api/v3/workflows')
export class WorkflowsController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get('status')
  async status(): Promise<{ workflows: WorkflowStatus[] }> {
    const workflows: WorkflowStatus[] = [];
    // One statement per workflow, in sequence: six small statements, a fixed cost for this endpoint.
    for (const def of WORKFLOWS) workflows.push(await readWorkflowStatus(this.dataSource, def));
    return { workflows };
  }
}
