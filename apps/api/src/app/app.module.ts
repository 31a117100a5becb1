import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { connectionSettings, CurationSdkModule, nPlusOneMode } from '@curation/sdk';
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
        CurationSdkModule.forRoot(connectionSettings(config, databaseUrl, 'curation-api')),
      ],
      controllers: [HealthController],
      providers: [{ provide: ApiConfig, useValue: config }],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(queryScopeMiddleware(nPlusOneMode(this.config))).forRoutes('*');
  }
}
