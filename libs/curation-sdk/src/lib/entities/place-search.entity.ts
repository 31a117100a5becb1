import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { PlaceSearchStatus } from '../enums/place-search-status.enum';
import { CreatedAtColumn, UpdatedAtColumn } from './columns';

/** WF1 job record: one Google text search. `status` is varchar in the reference, so it stays varchar. */
@Entity({ name: 'place_searches' })
@Index('ix_place_searches_created_at', ['created_at'])
@Index('ix_place_searches_pending', ['created_at'], { where: `"status" = '${PlaceSearchStatus.Pending}'` })
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
}
