import { ObjectLiteral } from 'typeorm';
import { WorkflowHandler } from '../scheduler/outcome';
import { WorkflowId } from './workflow-definition';
import { Wf3DomainExtractionHandler } from './wf3-domain-extraction/wf3-domain-extraction.handler';

/** The handlers this build ships; a workflow without one cannot be enabled. */
export function createWorkflowHandler(id: WorkflowId): WorkflowHandler<ObjectLiteral> | null {
  switch (id) {
    case WorkflowId.DomainExtraction:
      return new Wf3DomainExtractionHandler() as unknown as WorkflowHandler<ObjectLiteral>;
    default:
      return null;
  }
}
