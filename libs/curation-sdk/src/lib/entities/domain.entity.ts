import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation, Unique } from 'typeorm';

import { DomainStatus } from '../enums/domain-status.enum';
import {
  HubSpotSyncProcessingStatus,
  HubSpotSyncProcessingStatusEnum,
} from '../enums/hubspot-sync-processing-status.enum';
import { HubSpotSyncStatus, HubSpotSyncStatusEnum } from '../enums/hubspot-sync-status.enum';
import { SitemapAnalysisStatus, SitemapAnalysisStatusEnum } from '../enums/sitemap-analysis-status.enum';
import { SitemapCurationStatus, SitemapCurationStatusEnum } from '../enums/sitemap-curation-status.enum';
import { TaskStatus, TaskStatusEnum } from '../enums/task-status.enum';
import { LeaseColumns } from '../workflows/lease-contract';
import { CreatedAtColumn, EnumColumn, UpdatedAtColumn } from './columns';
import { LocalBusinessEntity } from './local-business.entity';
import { TenantEntity } from './tenant.entity';

/** A website domain, unique by its normalised name; WF4 curates it for sitemap discovery. */
@LeaseColumns({
  table: 'domains',
  processingColumn: 'sitemap_analysis_status',
  queued: SitemapAnalysisStatus.Queued,
  processing: SitemapAnalysisStatus.Processing,
  claimOrder: 'updated_at',
})
@Entity({ name: 'domains' })
@Index('ix_domains_status', ['status'])
@Index('ix_domains_sitemap_curation_status', ['sitemap_curation_status'])
@Index('ix_domains_updated_at', ['updated_at', 'id'])
@Index('ix_domains_created_at', ['created_at'])
// The domain substring filter (trigram GIN), migration 1795910400012.
@Index('ix_domains_domain_trgm', { synchronize: false })
@Unique('domains_domain_key', ['domain'])
export class DomainEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'domains_pkey' })
  id: string;

  @Column({ type: 'varchar' })
  domain: string;

  @Column({ type: 'uuid' })
  tenant_id: string;

  @ManyToOne(() => TenantEntity, { onDelete: 'NO ACTION' })
  @JoinColumn({ name: 'tenant_id', foreignKeyConstraintName: 'domains_tenant_id_fkey' })
  tenant?: Relation<TenantEntity>;

  @Column({ type: 'uuid', nullable: true })
  created_by: string | null;

  @Column({ type: 'varchar', default: DomainStatus.Active })
  status: DomainStatus;

  /** The reference ORM called this attribute `domain_metadata`; the column is `meta_json`. */
  @Column({ type: 'jsonb', nullable: true })
  meta_json: Record<string, unknown> | null;

  @Column({ type: 'text', nullable: true })
  notes: string | null;

  @Column({ type: 'text', nullable: true })
  title: string | null;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'text', nullable: true })
  favicon_url: string | null;

  @Column({ type: 'text', nullable: true })
  logo_url: string | null;

  @Column({ type: 'varchar', nullable: true })
  language: string | null;

  @Column({ type: 'boolean', nullable: true, default: false })
  is_wordpress: boolean | null;

  @Column({ type: 'varchar', nullable: true })
  wordpress_version: string | null;

  @Column({ type: 'boolean', nullable: true, default: false })
  has_elementor: boolean | null;

  @Column({ type: 'jsonb', nullable: true })
  tech_stack: Record<string, unknown> | null;

  @Column({ type: 'text', array: true, nullable: true })
  email_addresses: string[] | null;

  @Column({ type: 'text', array: true, nullable: true })
  phone_numbers: string[] | null;

  @Column({ type: 'text', nullable: true })
  facebook_url: string | null;

  @Column({ type: 'text', nullable: true })
  twitter_url: string | null;

  @Column({ type: 'text', nullable: true })
  linkedin_url: string | null;

  @Column({ type: 'text', nullable: true })
  instagram_url: string | null;

  @Column({ type: 'text', nullable: true })
  youtube_url: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  last_scan: Date | null;

  @Column({ type: 'integer', nullable: true, default: 0 })
  sitemap_urls: number | null;

  @Column({ type: 'integer', nullable: true, default: 0 })
  total_sitemaps: number | null;

  /** References `batch_jobs.batch_id` in the reference; that legacy table is not part of this system. */
  @Column({ type: 'uuid', nullable: true })
  batch_id: string | null;

  @Column({ type: 'uuid', nullable: true })
  local_business_id: string | null;

  @ManyToOne(() => LocalBusinessEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'local_business_id', foreignKeyConstraintName: 'domains_local_business_id_fkey' })
  local_business?: Relation<LocalBusinessEntity>;

  @EnumColumn(SitemapAnalysisStatusEnum, { nullable: true, default: SitemapAnalysisStatus.Pending })
  sitemap_analysis_status: SitemapAnalysisStatus | null;

  @Column({ type: 'text', nullable: true })
  sitemap_analysis_error: string | null;

  @EnumColumn(SitemapCurationStatusEnum, { nullable: true, default: SitemapCurationStatus.New })
  sitemap_curation_status: SitemapCurationStatus | null;

  @EnumColumn(HubSpotSyncStatusEnum, { default: HubSpotSyncStatus.New })
  hubspot_sync_status: HubSpotSyncStatus;

  @EnumColumn(HubSpotSyncProcessingStatusEnum, { nullable: true })
  hubspot_processing_status: HubSpotSyncProcessingStatus | null;

  @Column({ type: 'text', nullable: true })
  hubspot_processing_error: string | null;

  @EnumColumn(TaskStatusEnum, { nullable: true, default: TaskStatus.Queued })
  content_scrape_status: TaskStatus | null;

  @EnumColumn(TaskStatusEnum, { nullable: true, default: TaskStatus.Queued })
  page_scrape_status: TaskStatus | null;

  @EnumColumn(TaskStatusEnum, { nullable: true, default: TaskStatus.Queued })
  sitemap_monitor_status: TaskStatus | null;

  @CreatedAtColumn()
  created_at: Date;

  @UpdatedAtColumn()
  updated_at: Date;

  // Typed only: @LeaseColumns maps these scheduler lease columns from leaseContract(), not a copy per entity.
  declare sitemap_analysis_status_attempts: number;
  declare sitemap_analysis_status_lease_expires_at: Date | null;
  declare sitemap_analysis_status_locked_by: string | null;
  declare sitemap_analysis_status_next_attempt_at: Date | null;
}
