import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { CurationSdkModule, nPlusOneMode } from '@curation/sdk';
import { ApiConfig } from '../config/api.config';
import { HealthController } from '../health/health.controller';
import { queryScopeMiddleware } from './query-scope.middleware';

@Module({})
export class AppModule implements NestModule {
  constructor(private readonly config: ApiConfig) {}

  static forRoot(config: ApiConfig, databaseUrl: string): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CurationSdkModule.forRoot({
          url: databaseUrl,
          poolMax: config.DB_POOL_MAX,
          statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS,
          slowQueryMs: config.DB_SLOW_QUERY_MS,
          logSql: config.DB_LOG_SQL,
          applicationName: 'curation-api',
        }),
      ],
      controllers: [HealthController],
      providers: [{ provide: ApiConfig, useValue: config }],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(queryScopeMiddleware(nPlusOneMode(this.config))).forRoutes('*');
  }
}
