export * from './workflow-definition';
export * from './workflow-definitions';
export * from './workflow-sql';
export * from './workflow-handlers';
export * from './wf3-domain-extraction/wf3-domain-extraction.handler';
export * from './wf1-place-search/wf1-place-search.handler';
export * from './wf2-deep-scan/wf2-deep-scan.handler';
export * from './wf4-sitemap-discovery/wf4-sitemap-discovery.handler';
