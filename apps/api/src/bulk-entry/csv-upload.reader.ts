import { IncomingMessage } from 'node:http';
import { Readable, Transform, TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { TextDecoder } from 'node:util';

import { BadRequestException, HttpException, PayloadTooLargeException } from '@nestjs/common';
import busboy from 'busboy';
import { CsvError, Info, parse } from 'csv-parse';

import { quoteValue } from '../common/web-url';

export interface CsvLimits {
  /** Largest accepted file, in bytes; past it a 413. */
  readonly maxBytes: number;
  /** Most data rows (non-blank, header excluded); past it a 400. */
  readonly maxRows: number;
}

/** One non-blank cell of the column being imported; `row` is the file's line number (the header is line 1). */
export interface CsvCell {
  readonly row: number;
  readonly value: string;
}

export interface CsvUpload {
  /** Whether the first row named the column (and was therefore not data). */
  readonly hasHeader: boolean;
  /** The first row (its first cells) as read and its line, for a wrong-header message. */
  readonly firstRow: readonly string[];
  readonly firstLine: number;
  readonly cells: readonly CsvCell[];
}

/** The form field the reference read (`file: UploadFile = File(...)`). */
export const FILE_FIELD = 'file';
/** Multipart boundaries and part headers around the file: a Content-Length beyond the limit plus this is refused unread. */
const MULTIPART_OVERHEAD_BYTES = 16 * 1024;
/** A record (all its columns) longer than this is refused; no single value may be anywhere near it. */
const MAX_RECORD_BYTES = 64 * 1024;

const badRequest = (detail: string) => new BadRequestException({ detail });
const tooLarge = (limits: CsvLimits) =>
  new PayloadTooLargeException({
    detail: `The CSV file is larger than ${limits.maxBytes} bytes; split it into smaller files`,
  });
const NOT_MULTIPART = `Send the CSV as multipart/form-data in a field named "${FILE_FIELD}"`;

/** Passes the bytes through unchanged while checking, incrementally, that they are UTF-8 text and not binary. */
class TextCheck extends Transform {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    // NUL never occurs in text; every image, archive and spreadsheet format carries it early.
    if (chunk.includes(0)) return done(badRequest('The file is not a CSV: it holds binary data'));
    try {
      this.decoder.decode(chunk, { stream: true });
    } catch {
      return done(badRequest('The CSV file must be UTF-8 encoded'));
    }
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    try {
      this.decoder.decode();
    } catch {
      return done(badRequest('The CSV file must be UTF-8 encoded'));
    }
    done();
  }
}

function csvProblem(error: CsvError): HttpException {
  const lines: unknown = error['lines'];
  const line = typeof lines === 'number' ? ` at line ${lines}` : '';
  if (error.code === 'CSV_MAX_RECORD_SIZE')
    return badRequest(`The CSV has a row longer than ${MAX_RECORD_BYTES} bytes${line}`);
  // csv-parse's own messages quote the offending field; only its code is shown.
  return badRequest(`The file is not valid CSV${line} (${error.code})`);
}

function asHttpError(error: unknown): HttpException {
  if (error instanceof HttpException) return error;
  if (error instanceof CsvError) return csvProblem(error);
  return badRequest('The upload was interrupted or is not a valid multipart body');
}

/** The column the first row names, or -1 when it is no header. */
function headerColumn(record: readonly string[], headers: readonly string[]): number {
  return record.findIndex((cell) => cell.length <= 64 && headers.includes(cell.trim().toLowerCase()));
}

/** Reads the CSV records as they arrive and keeps only the imported column's non-blank cells. */
async function readCells(file: Readable, headers: readonly string[], limits: CsvLimits): Promise<CsvUpload> {
  let firstRow: readonly string[] | undefined;
  let firstLine = 1;
  let column = 0;
  let hasHeader = false;
  const cells: CsvCell[] = [];
  const parser = parse({
    bom: true,
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
    // Files from different tools mix line endings; the default would fix on the first one seen.
    record_delimiter: ['\r\n', '\n', '\r'],
    max_record_size: MAX_RECORD_BYTES,
  });
  await pipeline(file, new TextCheck(), parser, async (records: AsyncIterable<{ record: string[]; info: Info }>) => {
    for await (const { record, info } of records) {
      if (firstRow === undefined) {
        firstRow = record.slice(0, 5);
        firstLine = info.lines;
        const named = headerColumn(record, headers);
        if (named >= 0) {
          column = named;
          hasHeader = true;
          continue;
        }
      }
      const value = record[column] ?? '';
      if (value.trim() === '') continue;
      if (cells.length >= limits.maxRows)
        throw badRequest(`The CSV has more than ${limits.maxRows} data rows; split it into smaller files`);
      cells.push({ row: info.lines, value });
    }
  });
  if (cells.length === 0)
    throw badRequest(hasHeader ? 'The CSV has a header but no data rows' : 'The CSV file is empty');
  return { hasHeader, firstRow: firstRow ?? [], firstLine, cells };
}

/**
 * Streams a multipart upload's `file` part through busboy into csv-parse: the body is never held whole, the byte
 * limit stops the upload as soon as it is crossed (413) and the row limit as soon as one row too many arrives (400).
 * Anything else in the form, a missing or non-.csv file, binary or non-UTF-8 content and malformed CSV are 400s.
 * The first row is a header when one of its cells is one of `headers` (that cell's column is imported); otherwise
 * the first column is, from the first row on.
 */
export function readCsvUpload(req: IncomingMessage, headers: readonly string[], limits: CsvLimits): Promise<CsvUpload> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limits.maxBytes + MULTIPART_OVERHEAD_BYTES)
    return Promise.reject(tooLarge(limits));
  let form: busboy.Busboy;
  try {
    form = busboy({
      headers: req.headers,
      limits: { files: 1, fileSize: limits.maxBytes, fields: 10, fieldSize: 1024, parts: 10, headerPairs: 20 },
    });
  } catch {
    return Promise.reject(badRequest(NOT_MULTIPART));
  }
  return new Promise<CsvUpload>((resolve, reject) => {
    let settled = false;
    let reading: Promise<CsvUpload> | undefined;
    const fail = (error: unknown): void => {
      if (settled) return;
      settled = true;
      // Stop parsing; Node discards the rest of the body once the error response is sent.
      req.unpipe(form);
      req.resume();
      reject(asHttpError(error));
    };
    form.on('field', (name) =>
      fail(badRequest(`Unknown form field ${quoteValue(name)}: only a file field named "${FILE_FIELD}" is accepted`)),
    );
    form.on('file', (name, stream, info) => {
      if (settled) return void stream.resume();
      if (name !== FILE_FIELD) {
        stream.resume();
        return fail(
          badRequest(`Unknown form field ${quoteValue(name)}: send the CSV in a field named "${FILE_FIELD}"`),
        );
      }
      if (!info.filename?.toLowerCase().endsWith('.csv')) {
        stream.resume();
        return fail(badRequest('The file must be a CSV (a .csv file name)'));
      }
      stream.on('limit', () => stream.destroy(tooLarge(limits)));
      reading = readCells(stream, headers, limits);
      reading.catch(fail);
    });
    form.on('filesLimit', () => fail(badRequest('Send one CSV file per request')));
    form.on('fieldsLimit', () => fail(badRequest(NOT_MULTIPART)));
    form.on('partsLimit', () => fail(badRequest(NOT_MULTIPART)));
    form.on('error', fail);
    form.on('close', () => {
      if (settled) return;
      if (reading === undefined) return fail(badRequest(`No file: ${NOT_MULTIPART}`));
      reading.then((upload) => {
        if (settled) return;
        settled = true;
        resolve(upload);
      }, fail);
    });
    req.on('error', fail);
    req.pipe(form);
  });
}
