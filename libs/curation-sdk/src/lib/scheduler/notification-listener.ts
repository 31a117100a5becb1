import { Logger } from '@nestjs/common';
import { Client } from 'pg';

import { ident } from '../database/quote-ident';
import { messageOf } from '../errors/message-of';

/**
 * One dedicated connection that LISTENs on the workflows' channels and calls `onNotify(channel)`.
 * Notifications only make the loops faster: after a reconnect every channel is reported once, since
 * anything sent while disconnected was lost, and the polling interval remains the backstop.
 */
export class NotificationListener {
  private readonly logger = new Logger(NotificationListener.name);
  private client: Client | null = null;
  private stopped = false;
  private retryMs = 500;
  private retryTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly url: string,
    private readonly channels: readonly string[],
    private readonly onNotify: (channel: string) => void,
  ) {}

  async start(): Promise<void> {
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.stopped || this.channels.length === 0) return;
    const client = new Client({
      connectionString: this.url,
      application_name: 'curation-worker-listen',
      keepAlive: true,
    });
    client.on('notification', (message) => this.onNotify(message.channel));
    client.on('error', (error) => this.reconnectLater(client, error.message));
    client.on('end', () => this.reconnectLater(client, 'connection ended'));
    try {
      await client.connect();
      for (const channel of this.channels) await client.query(`LISTEN ${ident(channel)}`);
      this.client = client;
      if (this.retryMs > 500) {
        this.logger.log(`listening again on ${this.channels.length} channels`);
        this.channels.forEach((channel) => this.onNotify(channel));
      }
      this.retryMs = 500;
    } catch (error) {
      this.reconnectLater(client, messageOf(error));
    }
  }

  private reconnectLater(client: Client, reason: string): void {
    if (this.stopped || (this.client !== null && this.client !== client)) return;
    this.client = null;
    client.removeAllListeners('notification');
    client.removeAllListeners('end');
    client.removeAllListeners('error');
    client.on('error', () => undefined); // a dying connection may still emit; nothing left to do with it
    void client.end().catch(() => undefined);
    if (this.retryTimer) return;
    this.logger.warn(`LISTEN connection lost (${reason}); retrying in ${this.retryMs} ms, polling continues meanwhile`);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.connect();
    }, this.retryMs);
    this.retryMs = Math.min(this.retryMs * 2, 30_000);
  }
}
