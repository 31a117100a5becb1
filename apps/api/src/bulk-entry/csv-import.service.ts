import { IncomingMessage } from 'node:http';

import { BadRequestException, ConflictException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

import { quoteValue } from '../common/web-url';
import { ApiConfig } from '../config/api.config';
import { CsvImportKind } from './csv-import.kinds';
import { CsvImportResponse, CsvRowResult } from './csv-import.response';
import { CsvCell, CsvUpload, readCsvUpload } from './csv-upload.reader';
import { UrlRow } from './url-rows';

/** Longest cell looked at: longer than any domain or URL accepted, so nothing valid is cut. */
const MAX_CELL_CHARS = 4096;
/** C0 and C1 controls and DEL: a tab or line break inside a quoted cell would otherwise vanish in URL parsing. */
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;
/** Invalid rows named in a 400; the count of the rest follows. */
const LISTED_PROBLEMS = 20;

interface ValidCell {
  readonly line: number;
  readonly row: UrlRow;
}

interface Problem {
  readonly line: number;
  readonly message: string;
}

function parseCell(kind: CsvImportKind, cell: CsvCell): ValidCell | Problem {
  const value = cell.value.trim();
  if (value.length > MAX_CELL_CHARS)
    return { line: cell.row, message: `the value is longer than ${MAX_CELL_CHARS} characters` };
  if (CONTROL_CHARACTER.test(value))
    return { line: cell.row, message: `${quoteValue(value)} contains a control character (tab, line break, ...)` };
  const parsed = kind.parse(value);
  return parsed.ok ? { line: cell.row, row: parsed.row } : { line: cell.row, message: parsed.message };
}

function refuse(kind: CsvImportKind, upload: CsvUpload, problems: readonly Problem[]): BadRequestException {
  const listed = problems
    .slice(0, LISTED_PROBLEMS)
    .map((p) => `row ${p.line}: ${p.message}`)
    .join('; ');
  const more = problems.length > LISTED_PROBLEMS ? ` (and ${problems.length - LISTED_PROBLEMS} more)` : '';
  const header =
    !upload.hasHeader && problems[0].line === upload.firstLine
      ? `The first row (${upload.firstRow.map(quoteValue).join(', ')}) is neither a header naming a ${kind.headers.map((h) => `"${h}"`).join('/')} column nor a valid ${kind.valueName}. `
      : '';
  return new BadRequestException({
    detail: `${header}Nothing was imported: ${problems.length} ${problems.length === 1 ? 'row is' : 'rows are'} invalid: ${listed}${more}`,
  });
}

/**
 * CSV import as the reference shaped it, with one difference: a file with any invalid row is refused whole (400
 * naming the rows), so nothing is half-imported and the corrected file can simply be sent again. Duplicates, in the
 * file or in the database, are skipped; re-importing a file creates nothing.
 */
@Injectable()
export class CsvImportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: ApiConfig,
  ) {}

  async import(req: IncomingMessage, kind: CsvImportKind): Promise<CsvImportResponse> {
    const upload = await readCsvUpload(req, kind.headers, {
      maxBytes: this.config.CSV_IMPORT_MAX_BYTES,
      maxRows: this.config.CSV_IMPORT_MAX_ROWS,
    });
    const valid: ValidCell[] = [];
    const problems: Problem[] = [];
    for (const cell of upload.cells) {
      const parsed = parseCell(kind, cell);
      if ('row' in parsed) valid.push(parsed);
      else problems.push(parsed);
    }
    if (problems.length > 0) throw refuse(kind, upload, problems);

    const firstLineOf = new Map<string, number>();
    const unique: UrlRow[] = [];
    for (const { line, row } of valid)
      if (!firstLineOf.has(row.url)) {
        firstLineOf.set(row.url, line);
        unique.push(row);
      }
    const written = await this.dataSource.transaction(async (manager) => {
      const rows = await kind.write(manager, unique);
      // Only a row deleted between two of the import's statements can be missing; nothing is kept then.
      if (unique.some((r) => !rows.has(r.url)))
        throw new ConflictException({ detail: 'Rows changed while the file was imported; send it again' });
      return rows;
    });

    let successful = 0;
    const results = valid.map(({ line, row }): CsvRowResult => {
      const outcome = written.get(row.url);
      if (outcome === undefined)
        throw new ConflictException({ detail: 'Rows changed during the import; send it again' });
      const first = firstLineOf.get(row.url);
      if (first !== line)
        return {
          row_number: line,
          value: row.url,
          status: 'skipped',
          id: outcome.id,
          error: `Duplicate within CSV (row ${first})`,
        };
      if (!outcome.created)
        return { row_number: line, value: row.url, status: 'skipped', id: outcome.id, error: kind.existsMessage };
      successful += 1;
      return { row_number: line, value: row.url, status: 'success', id: outcome.id, error: null };
    });
    return { total_rows: results.length, successful, failed: 0, skipped: results.length - successful, results };
  }
}
