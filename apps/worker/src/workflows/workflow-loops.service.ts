import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { NotificationListener, nPlusOneMode } from '@curation/sdk';
import { WorkflowClientPool, WorkflowLoop } from '@curation/sdk/worker';

import { WorkerSettings } from '../config/worker.config';

/**
 * Builds one SDK scheduler loop per enabled registry entry (its handler and declared clients made once),
 * wires it to @nestjs/schedule intervals (tick and lease sweep) and to LISTEN/NOTIFY, and closes every
 * client it built at shutdown. Process life only: the work itself is in the SDK's handlers.
 */
@Injectable()
export class WorkflowLoopsService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Workflows');
  private readonly loops: WorkflowLoop[] = [];
  private readonly pool: WorkflowClientPool;
  private listener: NotificationListener | null = null;
  readonly owner: string;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly settings: WorkerSettings,
    private readonly registry: SchedulerRegistry,
  ) {
    this.owner = settings.config.WORKER_ID ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
    this.pool = new WorkflowClientPool(settings.clients);
  }

  async onApplicationBootstrap(): Promise<void> {
    const { config } = this.settings;
    for (const workflow of this.settings.workflows) {
      if (!workflow.enabled) continue;
      const loop = workflow.workflow.createLoop(this.dataSource, this.pool.clients, this.settings.options, {
        owner: this.owner,
        tuning: workflow.tuning,
        nPlusOne: nPlusOneMode(config),
      });
      this.loops.push(loop);
      this.registry.addInterval(
        `${workflow.definition.id}:tick`,
        setInterval(() => void loop.tick(), workflow.tuning.intervalMs),
      );
      this.registry.addInterval(
        `${workflow.definition.id}:sweep`,
        setInterval(() => void loop.sweep(), config.SWEEP_INTERVAL_MS),
      );
    }
    const describe = (w: WorkerSettings['workflows'][number]) =>
      `${w.definition.id} (interval ${w.tuning.intervalMs} ms, batch ${w.tuning.batchSize}, concurrency ${w.tuning.concurrency}, attempts ${w.tuning.maxAttempts}, lease ${w.tuning.leaseMs} ms, item deadline ${w.tuning.itemTimeoutMs} ms, batch cap ${w.tuning.batchTimeoutMs} ms)`;
    const enabled = this.settings.workflows.filter((w) => w.enabled);
    const disabled = this.settings.workflows
      .filter((w) => !w.enabled)
      .map((w) => `${w.definition.id} (${w.disabledBecause ?? 'disabled'})`);
    this.logger.log(
      `worker ${this.owner}: enabled ${enabled.map(describe).join(', ') || 'none'}; disabled ${disabled.join(', ') || 'none'}`,
    );
    if (config.LISTEN_NOTIFY && this.loops.length > 0) {
      const byChannel = new Map(this.loops.map((loop) => [loop.definition.channel, loop]));
      this.listener = new NotificationListener(
        this.connectionUrl(),
        [...byChannel.keys()],
        (channel) => void byChannel.get(channel)?.tick(),
      );
      await this.listener.start();
    }
    for (const loop of this.loops) {
      void loop.sweep();
      void loop.tick();
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.listener?.stop();
    for (const name of this.registry.getIntervals()) this.registry.deleteInterval(name);
    // Leave a margin inside the process's own shutdown deadline for closing the pool.
    const deadline = Math.max(
      this.settings.config.SHUTDOWN_DEADLINE_MS - 5_000,
      Math.floor(this.settings.config.SHUTDOWN_DEADLINE_MS / 2),
    );
    await Promise.all(this.loops.map((loop) => loop.stop(deadline)));
    await this.pool.close();
    this.logger.log('all workflow loops stopped');
  }

  private connectionUrl(): string {
    // A transaction-mode pooler cannot hold a LISTEN: the notifications take their own direct session.
    if (this.settings.config.DATABASE_LISTEN_URL) return this.settings.config.DATABASE_LISTEN_URL;
    const options = this.dataSource.options as { url?: string };
    if (!options.url) throw new Error('the worker needs a URL-configured DataSource for LISTEN');
    return options.url;
  }
}
