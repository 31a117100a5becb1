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
import { CreatedAtColumn, EnumColumn, UpdatedAtColumn } from './columns';
import { DomainEntity } from './domain.entity';
import { PageEntity } from './page.entity';

/**
 * A contact found on a page by WF7, unique per `(domain_id, email)`. The CRM columns (WF8) are mapped so the
 * table matches the reference; no workflow of this system writes them yet.
 */
@Entity({ name: 'contacts' })
@Index('ix_contacts_page_id', ['page_id'])
@Index('ix_contacts_email_type', ['email_type'])
@Index('ix_contacts_updated_at', ['updated_at'])
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

  @Column({ type: 'text', nullable: true })
  n8n_contact_id: string | null;

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

  @Column({ type: 'text', nullable: true })
  last_enrichment_id: string | null;

  @CreatedAtColumn()
  created_at: Date;

  @UpdatedAtColumn()
  updated_at: Date;
}
