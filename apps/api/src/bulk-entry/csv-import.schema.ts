import { ApiProperty } from '@nestjs/swagger';

import { CsvImportResponse, CsvRowResult } from './csv-import.response';

/** The OpenAPI shape of {@link CsvRowResult}. */
export class CsvRowResultSchema implements CsvRowResult {
  @ApiProperty({ description: "The row's line in the file (a header is line 1)" })
  row_number!: number;

  @ApiProperty({ description: 'The normalised value (the domain, or the URL as stored)' })
  value!: string;

  @ApiProperty({
    enum: ['success', 'skipped'],
    description: 'success: created now; skipped: it existed, or appeared earlier in the file',
  })
  status!: 'success' | 'skipped';

  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ type: String, nullable: true })
  error!: string | null;
}

/** The OpenAPI shape of {@link CsvImportResponse}. */
export class CsvImportResponseSchema implements CsvImportResponse {
  @ApiProperty()
  total_rows!: number;

  @ApiProperty()
  successful!: number;

  @ApiProperty({ description: 'Always 0: a file with an invalid row is refused whole (400)' })
  failed!: number;

  @ApiProperty()
  skipped!: number;

  @ApiProperty({ type: [CsvRowResultSchema] })
  results!: CsvRowResultSchema[];
}
