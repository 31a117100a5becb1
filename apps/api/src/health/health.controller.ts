import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { SkipThrottle } from '@nestjs/throttler';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { checkEnums } from '@curation/sdk';

import { Public } from '../auth/public.decorator';
import { PER_CLIENT_THROTTLER } from '../rate-limit/client-key';

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
