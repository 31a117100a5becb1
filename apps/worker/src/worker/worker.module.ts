import { DynamicModule, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { CurationSdkModule } from '@curation/sdk';
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
        CurationSdkModule.forRoot({
          url: databaseUrl,
          poolMax: config.DB_POOL_MAX,
          statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS,
          slowQueryMs: config.DB_SLOW_QUERY_MS,
          logSql: config.DB_LOG_SQL,
          applicationName: 'curation-worker',
        }),
      ],
      providers: [{ provide: WorkerSettings, useValue: settings }, HeartbeatJob, WorkflowLoopsService],
    };
  }
}
