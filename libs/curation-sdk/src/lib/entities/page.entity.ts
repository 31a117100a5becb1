import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation } from 'typeorm';

import { ContactScrapeStatus, ContactScrapeStatusEnum } from '../enums/contact-scrape-status.enum';
import { PageCurationStatus, PageCurationStatusEnum } from '../enums/page-curation-status.enum';
import { PageProcessingStatus, PageProcessingStatusEnum } from '../enums/page-processing-status.enum';
import { PageType, PageTypeEnum } from '../enums/page-type.enum';
import { LeaseColumns } from '../workflows/lease-contract';
import { CreatedAtColumn, EnumColumn, UpdatedAtColumn } from './columns';
import { DomainEntity } from './domain.entity';
import { SitemapFileEntity } from './sitemap-file.entity';

/** A page URL imported from a sitemap (WF5); curated for WF7 contact scraping. */
@LeaseColumns({
  table: 'pages',
  processingColumn: 'page_processing_status',
  queued: PageProcessingStatus.Queued,
  processing: PageProcessingStatus.Processing,
  claimOrder: 'updated_at',
})
@Entity({ name: 'pages' })
@Index('ix_pages_page_curation_status', ['page_curation_status'])
@Index('ix_pages_page_processing_status', ['page_processing_status'])
@Index('ix_pages_page_type', ['page_type'])
@Index('ix_pages_sitemap_file_id', ['sitemap_file_id'])
@Index('ix_pages_updated_at', ['updated_at', 'id'])
// The url substring filter (trigram GIN), migration 1795910400012.
@Index('ix_pages_url_trgm', { synchronize: false })
@Index('uniq_pages_domain_url', ['domain_id', 'url'], { unique: true })
export class PageEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pages_pkey' })
  id: string;

  /** No foreign key in the reference either. */
  @Column({ type: 'uuid' })
  tenant_id: string;

  @Column({ type: 'uuid' })
  domain_id: string;

  @ManyToOne(() => DomainEntity, { onDelete: 'NO ACTION' })
  @JoinColumn({ name: 'domain_id', foreignKeyConstraintName: 'pages_domain_id_fkey' })
  domain?: Relation<DomainEntity>;

  @Column({ type: 'text' })
  url: string;

  @Column({ type: 'text', nullable: true })
  title: string | null;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'text', nullable: true })
  h1: string | null;

  @Column({ type: 'text', nullable: true })
  canonical_url: string | null;

  @Column({ type: 'text', nullable: true })
  meta_robots: string | null;

  @Column({ type: 'boolean', nullable: true, default: false })
  has_schema_markup: boolean | null;

  @Column({ type: 'text', array: true, nullable: true })
  schema_types: string[] | null;

  @Column({ type: 'boolean', nullable: true, default: false })
  has_contact_form: boolean | null;

  @Column({ type: 'integer', nullable: true })
  word_count: number | null;

  @Column({ type: 'text', array: true, nullable: true })
  internal_links: string[] | null;

  @Column({ type: 'text', array: true, nullable: true })
  external_links: string[] | null;

  @Column({ type: 'timestamptz', nullable: true })
  last_modified: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  last_scan: Date | null;

  @EnumColumn(PageTypeEnum, { nullable: true })
  page_type: PageType | null;

  @Column({ type: 'text', nullable: true })
  lead_source: string | null;

  @Column({ type: 'jsonb', nullable: true })
  additional_json: Record<string, unknown> | null;

  @Column({ type: 'uuid', nullable: true })
  sitemap_file_id: string | null;

  @ManyToOne(() => SitemapFileEntity, { onDelete: 'NO ACTION' })
  @JoinColumn({ name: 'sitemap_file_id', foreignKeyConstraintName: 'pages_sitemap_file_id_fkey' })
  sitemap_file?: Relation<SitemapFileEntity>;

  @EnumColumn(PageCurationStatusEnum, { default: PageCurationStatus.New })
  page_curation_status: PageCurationStatus;

  @EnumColumn(PageProcessingStatusEnum, { nullable: true })
  page_processing_status: PageProcessingStatus | null;

  @Column({ type: 'text', nullable: true })
  page_processing_error: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  honeybee_json: Record<string, unknown>;

  @Column({ type: 'integer', nullable: true })
  priority_level: number | null;

  @Column({ type: 'integer', nullable: true })
  path_depth: number | null;

  @EnumColumn(ContactScrapeStatusEnum, { default: ContactScrapeStatus.New })
  contact_scrape_status: ContactScrapeStatus;

  @CreatedAtColumn()
  created_at: Date;

  @UpdatedAtColumn()
  updated_at: Date;

  // Typed only: @LeaseColumns maps these scheduler lease columns from leaseContract(), not a copy per entity.
  declare page_processing_status_attempts: number;
  declare page_processing_status_lease_expires_at: Date | null;
  declare page_processing_status_locked_by: string | null;
  declare page_processing_status_next_attempt_at: Date | null;
}
