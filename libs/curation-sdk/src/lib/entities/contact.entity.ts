import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation, Unique } from 'typeorm';

import { ContactCurationStatus, ContactCurationStatusEnum } from '../enums/contact-curation-status.enum';
import { ContactEmailType, ContactEmailTypeEnum } from '../enums/contact-email-type.enum';
import { ContactProcessingStatus, ContactProcessingStatusEnum } from '../enums/contact-processing-status.enum';
import { CrmProcessingStatus, CrmProcessingStatusEnum } from '../enums/crm-processing-status.enum';
import { CrmSyncStatus, CrmSyncStatusEnum } from '../enums/crm-sync-status.enum';
import {
  HubSpotSyncProcessingStatus,
  HubSpotSyncProcessingStatusEnum,
} from '../enums/hubspot-sync-processing-status.enum';
import { HubSpotSyncStatus, HubSpotSyncStatusEnum } from '../enums/hubspot-sync-status.enum';
import { LeaseColumns } from '../workflows/lease-contract';
import { CreatedAtColumn, EnumColumn, UpdatedAtColumn } from './columns';
import { DomainEntity } from './domain.entity';
import { PageEntity } from './page.entity';

/**
 * A contact found on a page by WF7, unique per `(domain_id, email)`. WF8 validates its address (DeBounce) and
 * delivers it to Brevo, HubSpot and n8n, each on its own processing column with its own lease columns, so
 * one integration's retries never touch another's. Mautic's columns are mapped for the reference's data only.
 */
@LeaseColumns({
  table: 'contacts',
  processingColumn: 'debounce_processing_status',
  queued: CrmProcessingStatus.Queued,
  processing: CrmProcessingStatus.Processing,
  claimOrder: 'updated_at',
})
@LeaseColumns({
  table: 'contacts',
  processingColumn: 'brevo_processing_status',
  queued: CrmProcessingStatus.Queued,
  processing: CrmProcessingStatus.Processing,
  claimOrder: 'updated_at',
})
@LeaseColumns({
  table: 'contacts',
  processingColumn: 'hubspot_processing_status',
  queued: HubSpotSyncProcessingStatus.Queued,
  processing: HubSpotSyncProcessingStatus.Processing,
  claimOrder: 'updated_at',
})
@LeaseColumns({
  table: 'contacts',
  processingColumn: 'n8n_processing_status',
  queued: CrmProcessingStatus.Queued,
  processing: CrmProcessingStatus.Processing,
  claimOrder: 'updated_at',
})
@Entity({ name: 'contacts' })
@Index('ix_contacts_page_id', ['page_id'])
@Index('ix_contacts_email_type', ['email_type'])
@Index('ix_contacts_updated_at', ['updated_at', 'id'])
// List filters, and the email and name substring filters (trigram GIN), migration 1795910400012.
@Index('ix_contacts_contact_curation_status', ['contact_curation_status'])
@Index('ix_contacts_contact_processing_status', ['contact_processing_status'])
@Index('ix_contacts_hubspot_sync_status', ['hubspot_sync_status'])
@Index('ix_contacts_brevo_sync_status', ['brevo_sync_status'])
@Index('ix_contacts_mautic_sync_status', ['mautic_sync_status'])
@Index('ix_contacts_n8n_sync_status', ['n8n_sync_status'])
@Index('ix_contacts_has_gmail', ['has_gmail'])
@Index('ix_contacts_email_trgm', { synchronize: false })
@Index('ix_contacts_name_trgm', { synchronize: false })
// WF8's DeBounce cache: (lower(email), debounce_validated_at DESC) where validated, migration 1795910400011.
@Index('ix_contacts_lower_email_validated', { synchronize: false })
@Unique('uq_contacts_domain_email', ['domain_id', 'email'])
export class ContactEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'contacts_pkey' })
  id: string;

  @Column({ type: 'uuid' })
  domain_id: string;

  @ManyToOne(() => DomainEntity, { onDelete: 'NO ACTION' })
  @JoinColumn({ name: 'domain_id', foreignKeyConstraintName: 'contacts_domain_id_fkey' })
  domain?: Relation<DomainEntity>;

  @Column({ type: 'uuid' })
  page_id: string;

  @ManyToOne(() => PageEntity, { onDelete: 'NO ACTION' })
  @JoinColumn({ name: 'page_id', foreignKeyConstraintName: 'contacts_page_id_fkey' })
  page?: Relation<PageEntity>;

  @Column({ type: 'text' })
  email: string;

  @EnumColumn(ContactEmailTypeEnum, { nullable: true })
  email_type: ContactEmailType | null;

  @Column({ type: 'boolean', nullable: true, default: false })
  has_gmail: boolean | null;

  @Column({ type: 'text', nullable: true })
  context: string | null;

  @Column({ type: 'text', nullable: true })
  source_url: string | null;

  @Column({ type: 'uuid', nullable: true })
  source_job_id: string | null;

  @Column({ type: 'text', nullable: true })
  name: string | null;

  @Column({ type: 'varchar', length: 50, nullable: true })
  phone_number: string | null;

  @EnumColumn(ContactCurationStatusEnum, { default: ContactCurationStatus.New })
  contact_curation_status: ContactCurationStatus;

  @EnumColumn(ContactProcessingStatusEnum, { nullable: true })
  contact_processing_status: ContactProcessingStatus | null;

  @Column({ type: 'text', nullable: true })
  contact_processing_error: string | null;

  @EnumColumn(HubSpotSyncStatusEnum, { default: HubSpotSyncStatus.New })
  hubspot_sync_status: HubSpotSyncStatus;

  @EnumColumn(HubSpotSyncProcessingStatusEnum, { nullable: true })
  hubspot_processing_status: HubSpotSyncProcessingStatus | null;

  @Column({ type: 'text', nullable: true })
  hubspot_processing_error: string | null;

  @Column({ type: 'text', nullable: true })
  hubspot_contact_id: string | null;

  @EnumColumn(CrmSyncStatusEnum, { default: CrmSyncStatus.New })
  brevo_sync_status: CrmSyncStatus;

  @EnumColumn(CrmProcessingStatusEnum, { nullable: true })
  brevo_processing_status: CrmProcessingStatus | null;

  @Column({ type: 'text', nullable: true })
  brevo_processing_error: string | null;

  @Column({ type: 'text', nullable: true })
  brevo_contact_id: string | null;

  @EnumColumn(CrmSyncStatusEnum, { default: CrmSyncStatus.New })
  mautic_sync_status: CrmSyncStatus;

  @EnumColumn(CrmProcessingStatusEnum, { nullable: true })
  mautic_processing_status: CrmProcessingStatus | null;

  @Column({ type: 'text', nullable: true })
  mautic_processing_error: string | null;

  @Column({ type: 'text', nullable: true })
  mautic_contact_id: string | null;

  @EnumColumn(CrmSyncStatusEnum, { default: CrmSyncStatus.New })
  n8n_sync_status: CrmSyncStatus;

  @EnumColumn(CrmProcessingStatusEnum, { nullable: true })
  n8n_processing_status: CrmProcessingStatus | null;

  @Column({ type: 'text', nullable: true })
  n8n_processing_error: string | null;

  /**
   * n8n's id for the contact. The reference's database (and its schema notes) call this column
   * `n8n_contact_id`, like the other CRMs' ids; its ORM model said `n8n_workflow_id`, a name no reference
   * code ever wrote. The database name is kept so a reference database needs no rename; the API serves both.
   */
  @Column({ type: 'text', nullable: true })
  n8n_contact_id: string | null;

  /**
   * The reference's one retry state shared by every integration, kept only so reference data and the API's
   * ContactRead stay as they were: no workflow reads or writes these four. Each WF8 workflow keeps its own
   * retry state in its lease columns (`<processing column>_attempts`, `_next_attempt_at`).
   */
  @Column({ type: 'integer', default: 0 })
  retry_count: number;

  @Column({ type: 'timestamptz', nullable: true })
  last_retry_at: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  next_retry_at: Date | null;

  @Column({ type: 'text', nullable: true })
  last_failed_crm: string | null;

  @EnumColumn(CrmSyncStatusEnum, { nullable: true, default: CrmSyncStatus.New })
  debounce_validation_status: CrmSyncStatus | null;

  @EnumColumn(CrmProcessingStatusEnum, { nullable: true })
  debounce_processing_status: CrmProcessingStatus | null;

  /** valid / invalid / catch-all / unknown / disposable, as DeBounce returns it (varchar in the reference). */
  @Column({ type: 'varchar', nullable: true })
  debounce_result: string | null;

  @Column({ type: 'integer', nullable: true })
  debounce_score: number | null;

  @Column({ type: 'text', nullable: true })
  debounce_reason: string | null;

  @Column({ type: 'text', nullable: true })
  debounce_suggestion: string | null;

  @Column({ type: 'text', nullable: true })
  debounce_processing_error: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  debounce_validated_at: Date | null;

  @Column({ type: 'varchar', nullable: true })
  enrichment_status: string | null;

  /**
   * The last enrichment run n8n reported for this contact: the webhook writes nothing when a delivery
   * repeats it. Compared on the contact's own row (found by id), so it needs no index of its own.
   */
  @Column({ type: 'text', nullable: true })
  last_enrichment_id: string | null;

  // The rest of the reference's n8n enrichment columns (migration 1795910400009), names and types as its
  // model and 20251121000000_add_enrichment_columns.sql have them; written by the enrichment webhook only.
  @Column({ type: 'timestamptz', nullable: true })
  enrichment_started_at: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  enrichment_completed_at: Date | null;

  @Column({ type: 'text', nullable: true })
  enrichment_error: string | null;

  @Column({ type: 'varchar', length: 50, nullable: true })
  enriched_phone: string | null;

  /** `{street, city, state, zip, country}` as n8n sends it. */
  @Column({ type: 'jsonb', nullable: true })
  enriched_address: Record<string, unknown> | null;

  /** `{linkedin, twitter, facebook, …}`. */
  @Column({ type: 'jsonb', nullable: true })
  enriched_social_profiles: Record<string, unknown> | null;

  /** `{name, website, industry, size}`. */
  @Column({ type: 'jsonb', nullable: true })
  enriched_company: Record<string, unknown> | null;

  /** A JSON array of addresses (jsonb, not text[], as in the reference). */
  @Column({ type: 'jsonb', nullable: true })
  enriched_additional_emails: string[] | null;

  /** 0–100. */
  @Column({ type: 'integer', nullable: true })
  enrichment_confidence_score: number | null;

  /** A JSON array of the sources n8n used. */
  @Column({ type: 'jsonb', nullable: true })
  enrichment_sources: string[] | null;

  @Column({ type: 'double precision', nullable: true })
  enrichment_duration_seconds: number | null;

  @Column({ type: 'integer', nullable: true })
  enrichment_api_calls: number | null;

  /** In USD. */
  @Column({ type: 'double precision', nullable: true })
  enrichment_cost_estimate: number | null;

  @CreatedAtColumn()
  created_at: Date;

  @UpdatedAtColumn()
  updated_at: Date;

  // Typed only: @LeaseColumns maps these scheduler lease columns from leaseContract(), not a copy per entity.
  declare debounce_processing_status_attempts: number;
  declare debounce_processing_status_lease_expires_at: Date | null;
  declare debounce_processing_status_locked_by: string | null;
  declare debounce_processing_status_next_attempt_at: Date | null;
  declare brevo_processing_status_attempts: number;
  declare brevo_processing_status_lease_expires_at: Date | null;
  declare brevo_processing_status_locked_by: string | null;
  declare brevo_processing_status_next_attempt_at: Date | null;
  declare hubspot_processing_status_attempts: number;
  declare hubspot_processing_status_lease_expires_at: Date | null;
  declare hubspot_processing_status_locked_by: string | null;
  declare hubspot_processing_status_next_attempt_at: Date | null;
  declare n8n_processing_status_attempts: number;
  declare n8n_processing_status_lease_expires_at: Date | null;
  declare n8n_processing_status_locked_by: string | null;
  declare n8n_processing_status_next_attempt_at: Date | null;
}
