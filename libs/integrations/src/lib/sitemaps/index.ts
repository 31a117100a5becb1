export * from './sitemap.types';
export { parseSitemapBatches, parseSitemapStream, parseSitemapText } from './sitemap-parser';
export type { SitemapBatch, SitemapBatchOptions, SitemapDocument, SitemapSource } from './sitemap-parser';
export { SITEMAP_COMMON_PATHS, commonSitemapUrls, sitemapLinksInHtml, sitemapsInRobots } from './sitemap-candidates';
export { MAX_PAGE_URL_LENGTH, isSameSite, normalizePageUrl, siteDomainOf } from './url-normalize';
export { MAX_LASTMOD_CHARS, normalizeLastmod } from './lastmod';
export { DEFAULT_SITEMAP_BUDGET, ReasonList, SitemapBudget } from './sitemap-budget';
export type { SitemapBudgetLimits } from './sitemap-budget';
export { ChildSitemaps } from './child-sitemaps';
