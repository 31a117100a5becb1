import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation, Unique } from 'typeorm';

import { GcpApiDeepScanStatus, GcpApiDeepScanStatusEnum } from '../enums/gcp-api-deep-scan-status.enum';
import { PlaceStatus, PlaceStatusEnum } from '../enums/place-status.enum';
import { LeaseColumns } from '../workflows/lease-contract';
import { EnumColumn, UpdatedAtColumn } from './columns';
import { TenantEntity } from './tenant.entity';

/**
 * A place found by a WF1 search, waiting for curation. Addressed by Google's `place_id` everywhere in the
 * API. Like the reference model it has no `created_at`.
 */
@LeaseColumns({
  table: 'places_staging',
  processingColumn: 'deep_scan_status',
  queued: GcpApiDeepScanStatus.Queued,
  processing: GcpApiDeepScanStatus.Processing,
  claimOrder: 'updated_at',
})
@Entity({ name: 'places_staging' })
@Index('ix_places_staging_status', ['status'])
@Index('ix_places_staging_updated_at', ['updated_at', 'id'])
@Index('ix_places_staging_search_job_id', ['search_job_id'])
@Unique('places_staging_place_id_key', ['place_id'])
export class PlaceStagingEntity {
  @PrimaryGeneratedColumn({ type: 'integer', primaryKeyConstraintName: 'places_staging_pkey' })
  id: number;

  @Column({ type: 'varchar', length: 255 })
  place_id: string;

  @Column({ type: 'varchar', length: 255 })
  name: string;

  @Column({ type: 'varchar', nullable: true })
  formatted_address: string | null;

  @Column({ type: 'varchar', nullable: true })
  business_type: string | null;

  @Column({ type: 'double precision', nullable: true })
  latitude: number | null;

  @Column({ type: 'double precision', nullable: true })
  longitude: number | null;

  @Column({ type: 'varchar', nullable: true })
  vicinity: string | null;

  @Column({ type: 'double precision', nullable: true })
  rating: number | null;

  @Column({ type: 'integer', nullable: true })
  user_ratings_total: number | null;

  @Column({ type: 'integer', nullable: true })
  price_level: number | null;

  @EnumColumn(PlaceStatusEnum, { default: PlaceStatus.New })
  status: PlaceStatus;

  @Column({ type: 'uuid' })
  tenant_id: string;

  @ManyToOne(() => TenantEntity, { onDelete: 'NO ACTION' })
  @JoinColumn({ name: 'tenant_id', foreignKeyConstraintName: 'places_staging_tenant_id_fkey' })
  tenant?: Relation<TenantEntity>;

  @Column({ type: 'uuid', nullable: true })
  created_by: string | null;

  @Column({ type: 'uuid', nullable: true })
  user_id: string | null;

  @Column({ type: 'varchar', nullable: true })
  user_name: string | null;

  /** The `place_searches.id` of the search that found it (the reference declared a broken FK to jobs; none here). */
  @Column({ type: 'uuid', nullable: true })
  search_job_id: string | null;

  @Column({ type: 'varchar', nullable: true })
  search_query: string | null;

  @Column({ type: 'varchar', nullable: true })
  search_location: string | null;

  @Column({ type: 'jsonb', nullable: true })
  raw_data: Record<string, unknown> | null;

  @Column({ type: 'timestamptz', nullable: true })
  search_time: Date | null;

  @Column({ type: 'text', nullable: true })
  notes: string | null;

  @Column({ type: 'integer', nullable: true })
  priority: number | null;

  @Column({ type: 'text', array: true, nullable: true })
  tags: string[] | null;

  @Column({ type: 'timestamptz', nullable: true })
  revisit_date: Date | null;

  @Column({ type: 'boolean', nullable: true, default: false })
  processed: boolean | null;

  @Column({ type: 'timestamptz', nullable: true })
  processed_time: Date | null;

  @Column({ type: 'varchar', nullable: true })
  updated_by: string | null;

  @UpdatedAtColumn()
  updated_at: Date;

  @EnumColumn(GcpApiDeepScanStatusEnum, { nullable: true })
  deep_scan_status: GcpApiDeepScanStatus | null;

  @Column({ type: 'text', nullable: true })
  deep_scan_error: string | null;

  // Typed only: @LeaseColumns maps these scheduler lease columns from leaseContract(), not a copy per entity.
  declare deep_scan_status_attempts: number;
  declare deep_scan_status_lease_expires_at: Date | null;
  declare deep_scan_status_locked_by: string | null;
  declare deep_scan_status_next_attempt_at: Date | null;
}
