import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { readWorkflowStatuses, WORKFLOWS, WorkflowStatus } from '@curation/sdk';

import { ApiConfig } from '../config/api.config';

export interface OperationsSnapshot {
  /** When the refresh that produced it started. */
  readonly takenAt: Date;
  /** One entry per workflow, in WORKFLOWS order. */
  readonly statuses: readonly WorkflowStatus[];
}

/** The window when neither OPERATIONS_SNAPSHOT_MS nor its older name METRICS_DB_CACHE_MS is set. */
export const DEFAULT_OPERATIONS_SNAPSHOT_MS = 5_000;

/**
 * The workflow state /metrics and /api/v3/workflows/status both serve. Reading it costs two statements
 * whatever the table sizes; every caller within OPERATIONS_SNAPSHOT_MS of the last refresh gets that
 * refresh, and callers arriving while one runs share it, so concurrent scrapes never run two at once.
 * A failed refresh is not kept: the next caller tries again.
 */
@Injectable()
export class OperationsSnapshotService {
  private readonly windowMs: number;
  private current: {
    readonly startedAt: number;
    readonly snapshot: Promise<OperationsSnapshot>;
    settled: boolean;
  } | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    config: ApiConfig,
  ) {
    this.windowMs = config.OPERATIONS_SNAPSHOT_MS ?? config.METRICS_DB_CACHE_MS ?? DEFAULT_OPERATIONS_SNAPSHOT_MS;
  }

  get(): Promise<OperationsSnapshot> {
    const current = this.current;
    if (current && (!current.settled || Date.now() - current.startedAt < this.windowMs)) return current.snapshot;
    const startedAt = Date.now();
    const entry = {
      startedAt,
      settled: false,
      snapshot: readWorkflowStatuses(this.dataSource, WORKFLOWS).then((statuses) => ({
        takenAt: new Date(startedAt),
        statuses,
      })),
    };
    entry.snapshot.then(
      () => (entry.settled = true),
      () => {
        if (this.current === entry) this.current = null;
      },
    );
    this.current = entry;
    return entry.snapshot;
  }
}
