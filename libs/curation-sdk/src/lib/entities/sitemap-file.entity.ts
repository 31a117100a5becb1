import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation, Unique } from 'typeorm';

import { SitemapCurationStatus, SitemapCurationStatusEnum } from '../enums/sitemap-curation-status.enum';
import { SitemapFileStatus, SitemapFileStatusEnum } from '../enums/sitemap-file-status.enum';
import {
  SitemapImportProcessStatus,
  SitemapImportProcessStatusEnum,
} from '../enums/sitemap-import-process-status.enum';
import { LeaseColumns } from '../workflows/lease-contract';
import { CreatedAtColumn, EnumColumn, UpdatedAtColumn } from './columns';
import { DomainEntity } from './domain.entity';
import { TenantEntity } from './tenant.entity';

/**
 * A sitemap found by WF4 (or submitted); curated for WF5 import through `deep_scrape_curation_status`.
 * Unlike the reference, `(domain_id, url)` is unique so re-running discovery cannot duplicate files.
 */
@LeaseColumns({
  table: 'sitemap_files',
  processingColumn: 'sitemap_import_status',
  queued: SitemapImportProcessStatus.Queued,
  processing: SitemapImportProcessStatus.Processing,
  claimOrder: 'updated_at',
})
@Entity({ name: 'sitemap_files' })
@Index('ix_sitemap_files_deep_scrape_curation_status', ['deep_scrape_curation_status'])
@Index('ix_sitemap_files_updated_at', ['updated_at', 'id'])
// List sorts (with the id tie-break) and filters, and the url substring filter (trigram GIN), migration 1795910400012.
@Index('ix_sitemap_files_created_at', ['created_at', 'id'])
@Index('ix_sitemap_files_url', ['url', 'id'])
@Index('ix_sitemap_files_sitemap_type', ['sitemap_type', 'id'])
@Index('ix_sitemap_files_discovery_method', ['discovery_method', 'id'])
@Index('ix_sitemap_files_url_count', ['url_count', 'id'])
@Index('ix_sitemap_files_status', ['status', 'id'])
@Index('ix_sitemap_files_url_trgm', { synchronize: false })
@Unique('sitemap_files_domain_id_url_key', ['domain_id', 'url'])
export class SitemapFileEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'sitemap_files_pkey' })
  id: string;

  @Column({ type: 'uuid' })
  domain_id: string;

  @ManyToOne(() => DomainEntity, { onDelete: 'NO ACTION' })
  @JoinColumn({ name: 'domain_id', foreignKeyConstraintName: 'sitemap_files_domain_id_fkey' })
  domain?: Relation<DomainEntity>;

  @Column({ type: 'text' })
  url: string;

  @Column({ type: 'text' })
  sitemap_type: string;

  @Column({ type: 'text', nullable: true })
  discovery_method: string | null;

  @Column({ type: 'integer', nullable: true })
  page_count: number | null;

  @Column({ type: 'integer', nullable: true })
  size_bytes: number | null;

  @Column({ type: 'integer', nullable: true })
  response_time_ms: number | null;

  @Column({ type: 'integer', nullable: true })
  status_code: number | null;

  @Column({ type: 'text', nullable: true })
  error_message: string | null;

  @Column({ type: 'boolean', nullable: true })
  is_gzipped: boolean | null;

  @Column({ type: 'boolean', nullable: true })
  has_lastmod: boolean | null;

  @Column({ type: 'boolean', nullable: true })
  has_priority: boolean | null;

  @Column({ type: 'boolean', nullable: true })
  has_changefreq: boolean | null;

  @Column({ type: 'timestamptz', nullable: true })
  last_modified: Date | null;

  @Column({ type: 'integer', nullable: true })
  url_count: number | null;

  @Column({ type: 'integer', nullable: true, default: 5 })
  priority: number | null;

  @Column({ type: 'text', nullable: true })
  generator: string | null;

  @Column({ type: 'text', nullable: true })
  lead_source: string | null;

  @Column({ type: 'uuid', nullable: true })
  tenant_id: string | null;

  @ManyToOne(() => TenantEntity, { onDelete: 'NO ACTION' })
  @JoinColumn({ name: 'tenant_id', foreignKeyConstraintName: 'sitemap_files_tenant_id_fkey' })
  tenant?: Relation<TenantEntity>;

  @Column({ type: 'uuid', nullable: true })
  created_by: string | null;

  @Column({ type: 'uuid', nullable: true })
  updated_by: string | null;

  @Column({ type: 'uuid', nullable: true })
  user_id: string | null;

  @Column({ type: 'text', nullable: true })
  user_name: string | null;

  @Column({ type: 'uuid', nullable: true })
  job_id: string | null;

  @EnumColumn(SitemapFileStatusEnum, { default: SitemapFileStatus.Pending })
  status: SitemapFileStatus;

  @Column({ type: 'boolean', nullable: true, default: true })
  is_active: boolean | null;

  @Column({ type: 'timestamptz', nullable: true })
  process_after: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  last_processed_at: Date | null;

  @EnumColumn(SitemapCurationStatusEnum, { nullable: true, default: SitemapCurationStatus.New })
  deep_scrape_curation_status: SitemapCurationStatus | null;

  @EnumColumn(SitemapImportProcessStatusEnum, { nullable: true })
  sitemap_import_status: SitemapImportProcessStatus | null;

  @Column({ type: 'text', nullable: true })
  sitemap_import_error: string | null;

  @Column({ type: 'jsonb', nullable: true })
  tags: unknown;

  @Column({ type: 'text', nullable: true })
  notes: string | null;

  @CreatedAtColumn()
  created_at: Date;

  @UpdatedAtColumn()
  updated_at: Date;

  // Typed only: @LeaseColumns maps these scheduler lease columns from leaseContract(), not a copy per entity.
  declare sitemap_import_status_attempts: number;
  declare sitemap_import_status_lease_expires_at: Date | null;
  declare sitemap_import_status_locked_by: string | null;
  declare sitemap_import_status_next_attempt_at: Date | null;
}
