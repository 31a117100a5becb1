import { CreateReferenceSchema1795910400000 } from './1795910400000-CreateReferenceSchema';
import { AddSitemapIdempotencyAndTerminalState1795910400001 } from './1795910400001-AddSitemapIdempotencyAndTerminalState';
import { AddListAndQueueIndexes1795910400002 } from './1795910400002-AddListAndQueueIndexes';
import { AddSchedulerLeaseColumns1795910400003 } from './1795910400003-AddSchedulerLeaseColumns';
import { AddLocalBusinessListIndex1795910400004 } from './1795910400004-AddLocalBusinessListIndex';
import { InsertDefaultTenant1795910400005 } from './1795910400005-InsertDefaultTenant';
import { BackfillLegacyLeaseExpiry1795910400006 } from './1795910400006-BackfillLegacyLeaseExpiry';
import { NameQueueIndexesByContract1795910400007 } from './1795910400007-NameQueueIndexesByContract';
import { CreateWorkflowPauses1795910400008 } from './1795910400008-CreateWorkflowPauses';
import { AddContactEnrichmentColumns1795910400009 } from './1795910400009-AddContactEnrichmentColumns';
import { AddWf8LeaseColumns1795910400010 } from './1795910400010-AddWf8LeaseColumns';
import { AddContactValidationCacheIndex1795910400011 } from './1795910400011-AddContactValidationCacheIndex';
import { AddListSearchIndexes1795910400012 } from './1795910400012-AddListSearchIndexes';
import { CreateHostPoliteness1795910400014 } from './1795910400014-CreateHostPoliteness';
import { MoveClaimsToQueueTables1795910400015 } from './1795910400015-MoveClaimsToQueueTables';

/** Every migration in order, listed explicitly: bundled builds cannot glob for them. */
export const CURATION_MIGRATIONS = [
  CreateReferenceSchema1795910400000,
  AddSitemapIdempotencyAndTerminalState1795910400001,
  AddListAndQueueIndexes1795910400002,
  AddSchedulerLeaseColumns1795910400003,
  AddLocalBusinessListIndex1795910400004,
  InsertDefaultTenant1795910400005,
  BackfillLegacyLeaseExpiry1795910400006,
  NameQueueIndexesByContract1795910400007,
  CreateWorkflowPauses1795910400008,
  AddContactEnrichmentColumns1795910400009,
  AddWf8LeaseColumns1795910400010,
  AddContactValidationCacheIndex1795910400011,
  AddListSearchIndexes1795910400012,
  CreateHostPoliteness1795910400014,
  MoveClaimsToQueueTables1795910400015,
];
