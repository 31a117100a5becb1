/** One data row's outcome, as the reference's `CSVRowResult`. */
export interface CsvRowResult {
  /** The row's line in the file (a header is line 1). */
  readonly row_number: number;
  /** The normalised value (the domain, or the URL as stored). */
  readonly value: string;
  /** `success`: created by this import; `skipped`: it existed already, or appeared earlier in the file. */
  readonly status: 'success' | 'skipped';
  /** The row's id, whether it was created now or before. */
  readonly id: string;
  readonly error: string | null;
}

/** The reference's `CSVImportResponse`. Invalid rows fail the whole file (400), so `failed` is always 0. */
export interface CsvImportResponse {
  readonly total_rows: number;
  readonly successful: number;
  readonly failed: number;
  readonly skipped: number;
  readonly results: readonly CsvRowResult[];
}
