import { Controller, Get, HttpStatus, Res, ServiceUnavailableException } from '@nestjs/common';
import { SkipThrottle } from '@nestjs/throttler';
import { InjectDataSource } from '@nestjs/typeorm';
import { Response } from 'express';
import { DataSource } from 'typeorm';

import { checkEnums } from '@curation/sdk';

import { Public } from '../auth/public.decorator';
import { PER_CLIENT_THROTTLER } from '../rate-limit/client-key';

const DATABASE_DOWN = 'Database connection failed';

/** Both shapes at once: the reference's `{status, message}` and this API's error body `{detail, status_code}`. */
export type DatabaseHealth =
  | { status: 'ok'; message: 'Database connection successful' }
  | { status: 'error'; message: typeof DATABASE_DOWN; detail: typeof DATABASE_DOWN; status_code: 503 };

/** Probes are never throttled: a 429 on liveness would get a healthy API restarted. */
@Public()
@SkipThrottle({ [PER_CLIENT_THROTTLER]: true })
@Controller('health')
export class HealthController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Readiness, kept at the old path for existing probes. */
  @Get()
  check(): Promise<{ status: 'ok'; database: 'up'; enums: 'match' }> {
    return this.ready();
  }

  /** Liveness: the process answers. No dependencies, so a database outage does not restart the API. */
  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * The reference's database probe: one `SELECT 1`. 503 rather than its 500 (an outage, not a bug), and the
   * driver's message stays in no body, since probes are public.
   */
  @Get('database')
  async database(@Res({ passthrough: true }) response: Response): Promise<DatabaseHealth> {
    try {
      await this.dataSource.query('SELECT 1');
      return { status: 'ok', message: 'Database connection successful' };
    } catch {
      response.status(HttpStatus.SERVICE_UNAVAILABLE);
      return { status: 'error', message: DATABASE_DOWN, detail: DATABASE_DOWN, status_code: 503 };
    }
  }

  /** Readiness: the database answers and its enum labels still match the code. */
  @Get('ready')
  async ready(): Promise<{ status: 'ok'; database: 'up'; enums: 'match' }> {
    let drifted: boolean;
    try {
      drifted = (await checkEnums(this.dataSource)).some((d) => d.items.length > 0);
    } catch {
      throw new ServiceUnavailableException({ detail: 'database unreachable' });
    }
    if (drifted)
      throw new ServiceUnavailableException({
        detail: 'database enum labels differ from the code: run npm run enum-check',
      });
    return { status: 'ok', database: 'up', enums: 'match' };
  }
}
