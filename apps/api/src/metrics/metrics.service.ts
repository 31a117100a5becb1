import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

import { WorkflowDefinition, WORKFLOWS, WorkflowStatus } from '@curation/sdk';

import { OperationsSnapshotService } from '../operations/operations-snapshot.service';

/**
 * Prometheus metrics: HTTP latency per route, and each workflow's queue from the operations snapshot,
 * which costs the same two statements at any table size and is shared with the status endpoint.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  constructor(operations: OperationsSnapshotService) {
    collectDefaultMetrics({ register: this.registry });
    const gauge = (name: string, help: string, value: (s: WorkflowStatus, def: WorkflowDefinition) => number) =>
      new Gauge({
        name,
        help,
        labelNames: ['workflow'] as const,
        registers: [this.registry],
        async collect() {
          // The gauges are collected concurrently; they all get the same snapshot (or the refresh in flight).
          const { statuses } = await operations.get();
          statuses.forEach((status, i) => this.set({ workflow: status.workflow }, value(status, WORKFLOWS[i])));
        },
      });
    gauge(
      'workflow_queued_rows',
      'Rows waiting in the queued label (exact up to the exact-count cap, then at least the cap)',
      (s, def) => s.processing_counts[def.processing.queued] ?? 0,
    );
    gauge(
      'workflow_oldest_queued_age_seconds',
      'Age of the oldest queued row (0 when none)',
      (s) => s.oldest_queued_age_seconds ?? 0,
    );
    gauge('workflow_expired_leases', 'Rows in processing whose lease expired', (s) => s.expired_leases);
    gauge(
      'workflow_counts_are_estimates',
      '1 when the workflow table is past the exact-count cap and its counts are capped or estimated',
      (s) => (s.counts_are_estimates ? 1 : 0),
    );
  }
}
