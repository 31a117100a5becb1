import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

import { PlaceSearchStatus } from '../enums/place-search-status.enum';
import { CreatedAtColumn, UpdatedAtColumn } from './columns';

/** WF1 job record: one Google text search. `status` is varchar in the reference, so it stays varchar. */
@Entity({ name: 'place_searches' })
@Index('ix_place_searches_status_lease', ['status_lease_expires_at'], {
  where: `"status" = '${PlaceSearchStatus.Processing}'`,
})
@Index('ix_place_searches_created_at', ['created_at'])
@Index('ix_place_searches_pending', ['created_at', 'id'], { where: `"status" = '${PlaceSearchStatus.Pending}'` })
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

  /** Scheduler loop bookkeeping for `status` (see libs/curation-sdk README, "Scheduler loop"). */
  @Column({ type: 'integer', default: 0 })
  status_attempts: number;

  @Column({ type: 'timestamptz', nullable: true })
  status_lease_expires_at: Date | null;

  @Column({ type: 'text', nullable: true })
  status_locked_by: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  status_next_attempt_at: Date | null;
}
