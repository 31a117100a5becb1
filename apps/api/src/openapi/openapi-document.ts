import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

/**
 * The API's OpenAPI document, built from the controllers' decorators. Served at /api/docs, and written to
 * `apps/web/src/api/openapi.json` by `npm run openapi (export-openapi.ts)`: the console's typed client is generated from it, and a
 * test fails when the committed copy no longer matches what the API describes.
 */
export function openApiDocument(app: INestApplication): OpenAPIObject {
  return SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Curation pipeline API')
      .setDescription('Curation of places, businesses, domains, sitemap files and pages; workflow status.')
      .setVersion('3')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
      .addSecurityRequirements('bearer')
      .build(),
  );
}
