export * from './apply-curation-status';
