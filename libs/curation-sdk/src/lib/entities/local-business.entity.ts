import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation, Unique } from 'typeorm';

import { DomainExtractionStatus, DomainExtractionStatusEnum } from '../enums/domain-extraction-status.enum';
import { PlaceStatus, PlaceStatusEnum } from '../enums/place-status.enum';
import { LeaseColumns } from '../workflows/lease-contract';
import { CreatedAtColumn, EnumColumn, UpdatedAtColumn } from './columns';
import { DomainEntity } from './domain.entity';
import { TenantEntity } from './tenant.entity';

/** A business produced by the WF2 deep scan; its website is `website_url` (there is no `website`). */
@LeaseColumns({
  table: 'local_businesses',
  processingColumn: 'domain_extraction_status',
  queued: DomainExtractionStatus.Queued,
  processing: DomainExtractionStatus.Processing,
  claimOrder: 'updated_at',
})
@Entity({ name: 'local_businesses' })
@Index('ix_local_businesses_status_updated_at', ['status', 'updated_at', 'id'])
@Index('ix_local_businesses_domain_id', ['domain_id'])
@Index('ix_local_businesses_updated_at', ['updated_at', 'id'])
@Index('ix_local_businesses_created_at', ['created_at'])
// List sorts with the id tie-break, and the business_name substring filter (trigram GIN), migration 1795910400012.
@Index('ix_local_businesses_business_name', ['business_name', 'id'])
@Index('ix_local_businesses_full_address', ['full_address', 'id'])
@Index('ix_local_businesses_phone', ['phone', 'id'])
@Index('ix_local_businesses_website_url', ['website_url', 'id'])
@Index('ix_local_businesses_business_name_trgm', { synchronize: false })
@Unique('local_businesses_place_id_key', ['place_id'])
export class LocalBusinessEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'local_businesses_pkey' })
  id: string;

  @Column({ type: 'uuid' })
  tenant_id: string;

  @ManyToOne(() => TenantEntity, { onDelete: 'NO ACTION' })
  @JoinColumn({ name: 'tenant_id', foreignKeyConstraintName: 'local_businesses_tenant_id_fkey' })
  tenant?: Relation<TenantEntity>;

  @Column({ type: 'text', nullable: true })
  place_id: string | null;

  @Column({ type: 'text', nullable: true })
  lead_source: string | null;

  @Column({ type: 'text', nullable: true })
  business_name: string | null;

  @Column({ type: 'text', nullable: true })
  full_address: string | null;

  @Column({ type: 'text', nullable: true })
  street_address: string | null;

  @Column({ type: 'text', nullable: true })
  city: string | null;

  @Column({ type: 'text', nullable: true })
  state: string | null;

  @Column({ type: 'text', nullable: true })
  zip: string | null;

  @Column({ type: 'text', nullable: true })
  country: string | null;

  @Column({ type: 'text', nullable: true })
  phone: string | null;

  @Column({ type: 'text', nullable: true })
  main_category: string | null;

  @Column({ type: 'text', array: true, nullable: true })
  extra_categories: string[] | null;

  /** numeric(3,2): the pg driver returns numerics as strings to keep them exact. */
  @Column({ type: 'numeric', precision: 3, scale: 2, nullable: true })
  rating: string | null;

  @Column({ type: 'integer', nullable: true })
  reviews_count: number | null;

  @Column({ type: 'text', nullable: true })
  price_text: string | null;

  @Column({ type: 'varchar', nullable: true })
  website_url: string | null;

  @Column({ type: 'boolean', nullable: true })
  business_verified: boolean | null;

  @Column({ type: 'text', nullable: true })
  monday_hours: string | null;

  @Column({ type: 'text', nullable: true })
  tuesday_hours: string | null;

  @Column({ type: 'text', nullable: true })
  wednesday_hours: string | null;

  @Column({ type: 'text', nullable: true })
  thursday_hours: string | null;

  @Column({ type: 'text', nullable: true })
  friday_hours: string | null;

  @Column({ type: 'text', nullable: true })
  saturday_hours: string | null;

  @Column({ type: 'text', nullable: true })
  sunday_hours: string | null;

  @Column({ type: 'text', nullable: true })
  timezone: string | null;

  @Column({ type: 'text', nullable: true })
  image_url: string | null;

  @Column({ type: 'numeric', precision: 10, scale: 7, nullable: true })
  latitude: string | null;

  @Column({ type: 'numeric', precision: 10, scale: 7, nullable: true })
  longitude: string | null;

  @Column({ type: 'text', array: true, nullable: true })
  service_options: string[] | null;

  @Column({ type: 'text', array: true, nullable: true })
  highlights: string[] | null;

  @Column({ type: 'text', array: true, nullable: true })
  popular_for: string[] | null;

  @Column({ type: 'text', array: true, nullable: true })
  accessibility: string[] | null;

  @Column({ type: 'text', array: true, nullable: true })
  offerings: string[] | null;

  @Column({ type: 'text', array: true, nullable: true })
  dining_options: string[] | null;

  @Column({ type: 'text', array: true, nullable: true })
  amenities: string[] | null;

  @Column({ type: 'text', array: true, nullable: true })
  atmosphere: string[] | null;

  @Column({ type: 'text', array: true, nullable: true })
  crowd: string[] | null;

  @Column({ type: 'text', array: true, nullable: true })
  planning: string[] | null;

  @Column({ type: 'text', array: true, nullable: true })
  payments: string[] | null;

  @Column({ type: 'text', array: true, nullable: true })
  children: string[] | null;

  @Column({ type: 'text', array: true, nullable: true })
  parking: string[] | null;

  @Column({ type: 'text', array: true, nullable: true })
  pets: string[] | null;

  @Column({ type: 'text', array: true, nullable: true })
  from_the_business: string[] | null;

  @Column({ type: 'jsonb', nullable: true, default: () => "'{}'" })
  additional_json: Record<string, unknown> | null;

  @CreatedAtColumn()
  created_at: Date;

  @UpdatedAtColumn()
  updated_at: Date;

  @EnumColumn(PlaceStatusEnum, { default: PlaceStatus.New })
  status: PlaceStatus;

  @EnumColumn(DomainExtractionStatusEnum, { nullable: true })
  domain_extraction_status: DomainExtractionStatus | null;

  @Column({ type: 'varchar', nullable: true })
  domain_extraction_error: string | null;

  // Typed only: @LeaseColumns maps these scheduler lease columns from leaseContract(), not a copy per entity.
  declare domain_extraction_status_attempts: number;
  declare domain_extraction_status_lease_expires_at: Date | null;
  declare domain_extraction_status_locked_by: string | null;
  declare domain_extraction_status_next_attempt_at: Date | null;

  /** The domain WF3 derived from `website_url` (not in the reference, which linked only domain to business). */
  @Column({ type: 'uuid', nullable: true })
  domain_id: string | null;

  @ManyToOne(() => DomainEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'domain_id', foreignKeyConstraintName: 'local_businesses_domain_id_fkey' })
  domain?: Relation<DomainEntity>;
}
