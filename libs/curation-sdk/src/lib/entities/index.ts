import { ContactEntity } from './contact.entity';
import { DomainEntity } from './domain.entity';
import { HostPolitenessEntity } from './host-politeness.entity';
import { LocalBusinessEntity } from './local-business.entity';
import { PageEntity } from './page.entity';
import { PlaceSearchEntity } from './place-search.entity';
import { PlaceStagingEntity } from './place-staging.entity';
import { SitemapFileEntity } from './sitemap-file.entity';
import { TenantEntity } from './tenant.entity';
import { WorkflowPauseEntity } from './workflow-pause.entity';

export { DEFAULT_TENANT_ID } from './tenant.entity';

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
  WorkflowPauseEntity,
  HostPolitenessEntity,
] as const;
