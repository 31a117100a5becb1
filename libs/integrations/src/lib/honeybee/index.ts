export { categorizeUrl, honeybeeJson, importDisposition } from './honeybee';
export type { HoneybeeCategory, HoneybeeDecision, HoneybeeJson, HoneybeeResult, ImportDisposition } from './honeybee';
