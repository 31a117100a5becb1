import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { DataSource } from 'typeorm';

import { readWorkflowStatus, WorkflowDefinition, WORKFLOWS, WorkflowStatus } from '@curation/sdk';

import { ApiConfig } from '../config/api.config';

/**
 * Prometheus metrics: HTTP latency per route, and each workflow's queue read from the database. That read
 * is several aggregates over whole tables, so scrapes share one snapshot for METRICS_DB_CACHE_MS.
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

  constructor(@InjectDataSource() dataSource: DataSource, config: ApiConfig) {
    collectDefaultMetrics({ register: this.registry });
    // The three workflow gauges are collected concurrently, so they share a read still in flight even with
    // a cache of 0; a failed read is not kept, the next scrape tries again.
    let cached: { readonly startedAt: number; readonly statuses: Promise<WorkflowStatus[]>; settled: boolean } | null =
      null;
    const snapshot = (): Promise<WorkflowStatus[]> => {
      if (cached && (!cached.settled || Date.now() - cached.startedAt < config.METRICS_DB_CACHE_MS))
        return cached.statuses;
      const entry = {
        startedAt: Date.now(),
        settled: false,
        statuses: (async () => {
          const statuses: WorkflowStatus[] = [];
          for (const def of WORKFLOWS) statuses.push(await readWorkflowStatus(dataSource, def, 0));
          return statuses;
        })(),
      };
      entry.statuses.then(
        () => (entry.settled = true),
        () => {
          if (cached === entry) cached = null;
        },
      );
      cached = entry;
      return entry.statuses;
    };
    const gauge = (name: string, help: string, value: (s: WorkflowStatus, def: WorkflowDefinition) => number) =>
      new Gauge({
        name,
        help,
        labelNames: ['workflow'] as const,
        registers: [this.registry],
        async collect() {
          const statuses = await snapshot();
          statuses.forEach((status, i) => this.set({ workflow: status.workflow }, value(status, WORKFLOWS[i])));
        },
      });
    gauge(
      'workflow_queued_rows',
      'Rows waiting in the queued label',
      (s, def) => s.processing_counts[def.processing.queued] ?? 0,
    );
    gauge(
      'workflow_oldest_queued_age_seconds',
      'Age of the oldest queued row (0 when none)',
      (s) => s.oldest_queued_age_seconds ?? 0,
    );
    gauge('workflow_expired_leases', 'Rows in processing whose lease expired', (s) => s.expired_leases);
  }
}
