export { EnumParseError, isEnumLabel, parseEnumLabel, toEnumLabel } from './enum-parser';
export { ALL_ENUMS } from './enum-registry';
export { PageCurationStatus, PageCurationStatusEnum } from './page-curation-status.enum';
export { PlaceStatus, PlaceStatusEnum } from './place-status.enum';
export { SitemapCurationStatusEnum } from './sitemap-curation-status.enum';
