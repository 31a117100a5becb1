export * from './apply-curation-status';
export * from './curation-filter';
export * from './workflow-status';
