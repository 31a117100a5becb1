import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse } from '@nestjs/swagger';
import { Request } from 'express';

import { DOMAIN_IMPORT, PAGE_IMPORT, SITEMAP_IMPORT } from './csv-import.kinds';
import { CsvImportResponse } from './csv-import.response';
import { CsvImportResponseSchema } from './csv-import.schema';
import { CsvImportService } from './csv-import.service';
import { FILE_FIELD } from './csv-upload.reader';

/** The multipart body in the OpenAPI document; the body itself is streamed, never parsed by a body parser. */
function CsvUploadBody(column: string): MethodDecorator {
  const consumes = ApiConsumes('multipart/form-data');
  const body = ApiBody({
    description: `A .csv file (UTF-8) in the field "${FILE_FIELD}"; one ${column} per row in the first column, or in the column a header row names. Limits: CSV_IMPORT_MAX_BYTES, CSV_IMPORT_MAX_ROWS.`,
    schema: {
      type: 'object',
      required: [FILE_FIELD],
      properties: { [FILE_FIELD]: { type: 'string', format: 'binary' } },
    },
  });
  return (target, key, descriptor) => {
    consumes(target, key, descriptor);
    body(target, key, descriptor);
  };
}

// The reference answered its imports with 200 (a re-import creates nothing), not 201.

@Controller('api/v3/domains')
export class DomainsCsvImportController {
  constructor(private readonly imports: CsvImportService) {}

  /** Creates the file's domains (curation New), normalised as the direct submit does. */
  @Post('import-csv')
  @HttpCode(200)
  @ApiOkResponse({ type: CsvImportResponseSchema })
  @CsvUploadBody('domain')
  importCsv(@Req() req: Request): Promise<CsvImportResponse> {
    return this.imports.import(req, DOMAIN_IMPORT);
  }
}

@Controller('api/v3/sitemaps')
export class SitemapsCsvImportController {
  constructor(private readonly imports: CsvImportService) {}

  /** Creates the file's sitemap files (curation New) and their domains when new. */
  @Post('import-csv')
  @HttpCode(200)
  @ApiOkResponse({ type: CsvImportResponseSchema })
  @CsvUploadBody('sitemap URL')
  importCsv(@Req() req: Request): Promise<CsvImportResponse> {
    return this.imports.import(req, SITEMAP_IMPORT);
  }
}

@Controller('api/v3/pages')
export class PagesCsvImportController {
  constructor(private readonly imports: CsvImportService) {}

  /** Creates the file's pages (curation New, priority 5) and their domains when new. */
  @Post('import-csv')
  @HttpCode(200)
  @ApiOkResponse({ type: CsvImportResponseSchema })
  @CsvUploadBody('page URL')
  importCsv(@Req() req: Request): Promise<CsvImportResponse> {
    return this.imports.import(req, PAGE_IMPORT);
  }
}
