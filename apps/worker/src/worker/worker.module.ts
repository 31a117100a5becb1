import { DynamicModule, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { LoggerModule } from 'nestjs-pino';

import { connectionSettings, CurationSdkModule } from '@curation/sdk';

import { WorkerSettings } from '../config/worker.config';
import { WorkflowLoopsService } from '../workflows/workflow-loops.service';
import { HeartbeatJob } from './heartbeat.job';
import { workerLogging } from './worker-logging';

/** The worker's application context: the SDK's DataSource and the schedules; no HTTP listener. */
@Module({})
export class WorkerModule {
  static forRoot(settings: WorkerSettings, databaseUrl: string): DynamicModule {
    const { config } = settings;
    const { pino } = workerLogging(settings);
    return {
      module: WorkerModule,
      imports: [
        // JSON mode: PinoLogger is injectable, over the same root logger main.ts installed.
        ...(pino ? [LoggerModule.forRoot(pino)] : []),
        ScheduleModule.forRoot(),
        CurationSdkModule.forRoot(connectionSettings(config, databaseUrl, 'curation-worker')),
      ],
      providers: [{ provide: WorkerSettings, useValue: settings }, HeartbeatJob, WorkflowLoopsService],
    };
  }
}
