import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiProperty } from '@nestjs/swagger';

import { DEMO_FAKES, DemoFake } from '@curation/sdk';

import { ApiConfig } from '../config/api.config';

export interface ConsoleInfoResponse {
  readonly demo_fakes: readonly DemoFake[];
}

export class ConsoleInfoSchema implements ConsoleInfoResponse {
  @ApiProperty({
    enum: DEMO_FAKES,
    enumName: 'DemoFake',
    isArray: true,
    description: 'Services answered by local fakes (the offline demo of npm start); empty when every service is real',
  })
  demo_fakes!: DemoFake[];
}

/** What the console shows about the installation itself: today, whether it is the offline demo. */
@Controller('api/v3/console')
export class ConsoleInfoController {
  constructor(private readonly config: ApiConfig) {}

  @Get('info')
  @ApiOkResponse({ type: ConsoleInfoSchema })
  info(): ConsoleInfoResponse {
    return { demo_fakes: this.config.DEMO_FAKES };
  }
}
