import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

import { PlaceSearchStatus } from '../enums/place-search-status.enum';
import { LeaseColumns } from '../workflows/lease-contract';
import { CreatedAtColumn, UpdatedAtColumn } from './columns';

/** WF1 job record: one Google text search. `status` is varchar in the reference, so it stays varchar. */
@LeaseColumns({
  table: 'place_searches',
  processingColumn: 'status',
  queued: PlaceSearchStatus.Pending,
  processing: PlaceSearchStatus.Processing,
  claimOrder: 'created_at',
})
@Entity({ name: 'place_searches' })
@Index('ix_place_searches_created_at', ['created_at'])
export class PlaceSearchEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'place_searches_pkey' })
  id: string;

  @Column({ type: 'uuid', nullable: true })
  tenant_id: string | null;

  @Column({ type: 'uuid', nullable: true })
  user_id: string | null;

  @Column({ type: 'varchar', length: 255 })
  location: string;

  @Column({ type: 'varchar', length: 100 })
  business_type: string;

  @Column({ type: 'json', nullable: true })
  params: Record<string, unknown> | null;

  @Column({ type: 'varchar', length: 50, default: PlaceSearchStatus.Pending })
  status: PlaceSearchStatus;

  @CreatedAtColumn()
  created_at: Date;

  @UpdatedAtColumn()
  updated_at: Date;

  /** Why the search failed (not in the reference, which had nowhere to keep it). */
  @Column({ type: 'text', nullable: true })
  error_message: string | null;

  // Typed only: @LeaseColumns maps these scheduler lease columns from leaseContract(), not a copy per entity.
  declare status_attempts: number;
  declare status_lease_expires_at: Date | null;
  declare status_locked_by: string | null;
  declare status_next_attempt_at: Date | null;
}
