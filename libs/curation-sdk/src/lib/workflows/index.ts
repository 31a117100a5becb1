export * from './workflow-definition';
export * from './workflow-definitions';
export * from './workflow-sql';
export * from './workflow-handlers';
export * from './wf3-domain-extraction/wf3-domain-extraction.handler';
