import { Column, Entity, PrimaryColumn } from 'typeorm';

import { UpdatedAtColumn } from './columns';

/**
 * When the next request to one site may start, shared by every worker: one row per registrable domain
 * (`politenessKey`). The concurrency slots are session advisory locks, not rows, so a killed worker's slots
 * go with its connection. A row whose time has long passed says nothing and is pruned. Not a reference table.
 */
@Entity({ name: 'host_politeness' })
export class HostPolitenessEntity {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'host_politeness_pkey' })
  host_key: string;

  @Column({ type: 'timestamptz' })
  next_allowed_at: Date;

  @UpdatedAtColumn()
  updated_at: Date;
}
