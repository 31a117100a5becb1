import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { connectionSettings, CurationSdkModule, nPlusOneMode } from '@curation/sdk';
import { ApiConfig } from '../config/api.config';
import { JwtAuthGuard } from '../auth/jwt-auth.guard';
import { HttpErrorFilter } from '../common/http-error.filter';
import { createValidationPipe } from '../common/validation.pipe';
import { CurationListService } from '../curation/curation-list.service';
import { HealthController } from '../health/health.controller';
import { LocalBusinessesController } from '../local-businesses/local-businesses.controller';
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
      controllers: [HealthController, LocalBusinessesController],
      providers: [
        { provide: ApiConfig, useValue: config },
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        { provide: APP_FILTER, useClass: HttpErrorFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
        CurationListService,
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(queryScopeMiddleware(nPlusOneMode(this.config))).forRoutes('*');
  }
}
