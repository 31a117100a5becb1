import { DynamicModule, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';

import { connectionSettings, CurationSdkModule } from '@curation/sdk';

import { WorkerSettings } from '../config/worker.config';
import { WorkflowLoopsService } from '../workflows/workflow-loops.service';
import { HeartbeatJob } from './heartbeat.job';

/** The worker's application context: the SDK's DataSource and the schedules; no HTTP listener. */
@Module({})
export class WorkerModule {
  static forRoot(settings: WorkerSettings, databaseUrl: string): DynamicModule {
    const { config } = settings;
    return {
      module: WorkerModule,
      imports: [
        ScheduleModule.forRoot(),
        CurationSdkModule.forRoot(connectionSettings(config, databaseUrl, 'curation-worker')),
      ],
      providers: [{ provide: WorkerSettings, useValue: settings }, HeartbeatJob, WorkflowLoopsService],
    };
  }
}
