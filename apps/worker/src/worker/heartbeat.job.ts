import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';

import { WorkerSettings } from '../config/worker.config';
import { EventLoopMonitor, formatHealth } from './event-loop-monitor';

/**
 * A health line every `HEARTBEAT_INTERVAL_MS` (event-loop delay p50/p99/max since the last line, RSS and
 * heap), and a last one at shutdown. Its timer is also what keeps an otherwise idle worker process alive:
 * the pool closes idle connections after 10 s, and a Node process with no handles exits.
 */
@Injectable()
export class HeartbeatJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Health');
  private readonly monitor = new EventLoopMonitor();
  private readonly startedAt = Date.now();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly settings: WorkerSettings) {}

  onApplicationBootstrap(): void {
    this.monitor.start();
    this.timer = setInterval(() => this.beat(), this.settings.config.HEARTBEAT_INTERVAL_MS);
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.beat();
    this.monitor.stop();
  }

  beat(): void {
    this.logger.log(`${formatHealth(this.monitor.sample())}; up ${Math.round((Date.now() - this.startedAt) / 1000)} s`);
  }
}
