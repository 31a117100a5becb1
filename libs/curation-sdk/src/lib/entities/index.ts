import { ContactEntity } from './contact.entity';
import { DomainEntity } from './domain.entity';
import { LocalBusinessEntity } from './local-business.entity';
import { PageEntity } from './page.entity';
import { PlaceSearchEntity } from './place-search.entity';
import { PlaceStagingEntity } from './place-staging.entity';
import { SitemapFileEntity } from './sitemap-file.entity';
import { TenantEntity } from './tenant.entity';

export * from './contact.entity';
export * from './domain.entity';
export * from './local-business.entity';
export * from './page.entity';
export * from './place-search.entity';
export * from './place-staging.entity';
export * from './sitemap-file.entity';
export * from './tenant.entity';

/** Every entity, listed explicitly: bundled builds cannot glob for them. */
export const CURATION_ENTITIES = [
  TenantEntity,
  PlaceSearchEntity,
  PlaceStagingEntity,
  LocalBusinessEntity,
  DomainEntity,
  SitemapFileEntity,
  PageEntity,
  ContactEntity,
] as const;
