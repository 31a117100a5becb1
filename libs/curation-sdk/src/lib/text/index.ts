export * from './sanitize-text';
