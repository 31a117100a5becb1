import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { connectionSettings, CurationSdkModule, nPlusOneMode } from '@curation/sdk';
import { ApiConfig } from '../config/api.config';
import { JwtAuthGuard } from '../auth/jwt-auth.guard';
import { HttpErrorFilter } from '../common/http-error.filter';
import { createValidationPipe } from '../common/validation.pipe';
import { CurationListService } from '../curation/curation-list.service';
import { HealthController } from '../health/health.controller';
import { ContactsController } from '../contacts/contacts.controller';
import { DomainsController } from '../domains/domains.controller';
import { LocalBusinessesController } from '../local-businesses/local-businesses.controller';
import { PagesController } from '../pages/pages.controller';
import { PlacesStagingController } from '../places-staging/places-staging.controller';
import { SitemapFilesController } from '../sitemap-files/sitemap-files.controller';
import { WorkflowsController } from '../workflows/workflows.controller';
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
      controllers: [
        HealthController,
        PlacesStagingController,
        LocalBusinessesController,
        DomainsController,
        SitemapFilesController,
        PagesController,
        ContactsController,
        WorkflowsController,
      ],
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
