import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';

import { connectionSettings, CurationSdkModule, nPlusOneMode } from '@curation/sdk';

import { JwtAuthGuard } from '../auth/jwt-auth.guard';
import {
  DomainsCsvImportController,
  PagesCsvImportController,
  SitemapsCsvImportController,
} from '../bulk-entry/csv-import.controllers';
import { CsvImportService } from '../bulk-entry/csv-import.service';
import { ControlCharactersPipe } from '../common/control-characters.pipe';
import { HttpErrorFilter } from '../common/http-error.filter';
import { createValidationPipe } from '../common/validation.pipe';
import { ApiConfig, NO_CONSOLE } from '../config/api.config';
import { ContactsCrmController } from '../contacts/contacts-crm.controller';
import { ContactsValidationController } from '../contacts/contacts-validation.controller';
import { ContactsController } from '../contacts/contacts.controller';
import { CurationListService } from '../curation/curation-list.service';
import { CurationStatusService } from '../curation/curation-status.service';
import { DomainsController } from '../domains/domains.controller';
import { ConsoleInfoController } from '../frontend/console-info.controller';
import { consoleModule } from '../frontend/console-module';
import { HealthController } from '../health/health.controller';
import { LocalBusinessesController } from '../local-businesses/local-businesses.controller';
import { apiLoggingModule } from '../logging/api-logging';
import { httpMetricsMiddleware } from '../metrics/http-metrics.middleware';
import { MetricsTokenGuard } from '../metrics/metrics-token.guard';
import { MetricsController } from '../metrics/metrics.controller';
import { MetricsService } from '../metrics/metrics.service';
import { OperationsSnapshotService } from '../operations/operations-snapshot.service';
import { PagesController } from '../pages/pages.controller';
import { PlaceSearchController } from '../place-search/place-search.controller';
import { PlacesStagingController } from '../places-staging/places-staging.controller';
import { AuthFailureBudget } from '../rate-limit/auth-failure-budget';
import { PER_CLIENT_THROTTLER, rateLimitKey } from '../rate-limit/client-key';
import { SitemapFilesController } from '../sitemap-files/sitemap-files.controller';
import { SitemapsDirectSubmitController } from '../sitemap-files/sitemaps-direct-submit.controller';
import { SitemapScanController } from '../sitemap-scan/sitemap-scan.controller';
import { N8nWebhookSecretGuard } from '../webhooks/n8n-webhook-secret.guard';
import { N8nWebhookController } from '../webhooks/n8n-webhook.controller';
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
        // First, so its request id and logger are in place before any other middleware runs.
        apiLoggingModule(config),
        // One bucket per client across routes (the default key is per route): the user guard runs first, so
        // an authenticated request is keyed on its subject, anything else on the client IP.
        ThrottlerModule.forRoot({
          throttlers: [
            { name: PER_CLIENT_THROTTLER, ttl: 60_000, limit: config.RATE_LIMIT_PER_MINUTE || Number.MAX_SAFE_INTEGER },
          ],
          skipIf: () => config.RATE_LIMIT_PER_MINUTE === 0,
          getTracker: (req) => rateLimitKey(req as Parameters<typeof rateLimitKey>[0]),
          generateKey: (_context, tracker, name) => `${name}:${tracker}`,
          errorMessage: 'Too many requests: slow down and retry in a minute',
        }),
        CurationSdkModule.forRoot(connectionSettings(config, databaseUrl, 'curation-api')),
        ...(config.WEB_DIR === NO_CONSOLE ? [] : [consoleModule(config.WEB_DIR)]),
      ],
      controllers: [
        HealthController,
        PlaceSearchController,
        PlacesStagingController,
        LocalBusinessesController,
        DomainsController,
        SitemapFilesController,
        SitemapsDirectSubmitController,
        SitemapScanController,
        PagesController,
        DomainsCsvImportController,
        SitemapsCsvImportController,
        PagesCsvImportController,
        // Before ContactsController, whose GET /{contact_id} would take `validation-status` for an id.
        ContactsValidationController,
        ContactsCrmController,
        ContactsController,
        WorkflowsController,
        ConsoleInfoController,
        // Without METRICS_TOKEN there is no /metrics at all: a public scrape endpoint is not an option.
        ...(config.METRICS_TOKEN ? [MetricsController] : []),
        // Likewise without N8N_WEBHOOK_SECRET there is no n8n callback: nobody could post enrichments.
        ...(config.N8N_WEBHOOK_SECRET ? [N8nWebhookController] : []),
      ],
      providers: [
        { provide: ApiConfig, useValue: config },
        // Global guards run in this order: authenticate (failures have their own small budget), then throttle.
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        { provide: APP_GUARD, useClass: ThrottlerGuard },
        { provide: APP_FILTER, useClass: HttpErrorFilter },
        // Global pipes run in this order: refuse control characters before any DTO or parser sees the input.
        { provide: APP_PIPE, useClass: ControlCharactersPipe },
        { provide: APP_PIPE, useFactory: createValidationPipe },
        AuthFailureBudget,
        MetricsTokenGuard,
        N8nWebhookSecretGuard,
        CurationListService,
        CurationStatusService,
        CsvImportService,
        MetricsService,
        OperationsSnapshotService,
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(httpMetricsMiddleware(this.metrics), queryScopeMiddleware(nPlusOneMode(this.config))).forRoutes('*');
  }
}
