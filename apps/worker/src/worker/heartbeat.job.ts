import { Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';

/**
 * A liveness line at debug level once a minute. Its timer is also what keeps an otherwise idle worker
 * process alive: the pool closes idle connections after 10 s, and a Node process with no handles exits.
 */
@Injectable()
export class HeartbeatJob {
  private readonly logger = new Logger(HeartbeatJob.name);
  private readonly startedAt = Date.now();

  @Interval(60_000)
  beat(): void {
    this.logger.debug(`worker alive for ${Math.round((Date.now() - this.startedAt) / 1000)} s`);
  }
}
