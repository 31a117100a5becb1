import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { connectionSettings, CurationSdkModule, nPlusOneMode } from '@curation/sdk';
import { ApiConfig } from '../config/api.config';
import { JwtAuthGuard } from '../auth/jwt-auth.guard';
import { HttpErrorFilter } from '../common/http-error.filter';
import { createValidationPipe } from '../common/validation.pipe';
import { CurationListService } from '../curation/curation-list.service';
import { CurationStatusService } from '../curation/curation-status.service';
import { HealthController } from '../health/health.controller';
import { ContactsController } from '../contacts/contacts.controller';
import { DomainsController } from '../domains/domains.controller';
import { LocalBusinessesController } from '../local-businesses/local-businesses.controller';
import { httpMetricsMiddleware } from '../metrics/http-metrics.middleware';
import { MetricsController } from '../metrics/metrics.controller';
import { MetricsService } from '../metrics/metrics.service';
import { PagesController } from '../pages/pages.controller';
import { PlaceSearchController } from '../place-search/place-search.controller';
import { PlacesStagingController } from '../places-staging/places-staging.controller';
import { SitemapFilesController } from '../sitemap-files/sitemap-files.controller';
import { WorkflowsController } from '../workflows/workflows.controller';
import { queryScopeMiddleware } from './query-scope.middleware';

@Module({})
export class AppModule implements NestModule {
  constructor(
    private readonly config: ApiConfig,
    private readonly metrics: MetricsService,
  ) {}

  static forRoot(config: ApiConfig, databaseUrl: string): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ThrottlerModule.forRoot({
          throttlers: [{ name: 'per-client', ttl: 60_000, limit: config.RATE_LIMIT_PER_MINUTE || Number.MAX_SAFE_INTEGER }],
          skipIf: () => config.RATE_LIMIT_PER_MINUTE === 0,
          errorMessage: 'Too many requests: slow down and retry in a minute',
        }),
        CurationSdkModule.forRoot(connectionSettings(config, databaseUrl, 'curation-api')),
      ],
      controllers: [
        HealthController,
        PlaceSearchController,
        PlacesStagingController,
        LocalBusinessesController,
        DomainsController,
        SitemapFilesController,
        PagesController,
        ContactsController,
        WorkflowsController,
        MetricsController,
      ],
      providers: [
        { provide: ApiConfig, useValue: config },
        { provide: APP_GUARD, useClass: ThrottlerGuard },
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        { provide: APP_FILTER, useClass: HttpErrorFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
        CurationListService,
        CurationStatusService,
        MetricsService,
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(httpMetricsMiddleware(this.metrics), queryScopeMiddleware(nPlusOneMode(this.config))).forRoutes('*');
  }
}
