import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { Response } from 'express';

/** What a client sees of any error: the status and a human-readable `detail` (the frontend shows it). */
export interface ErrorBody {
  readonly detail: string;
  readonly status_code: number;
}

function detailOf(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const body = response as { detail?: unknown; message?: unknown };
  if (typeof body.detail === 'string') return body.detail;
  if (Array.isArray(body.message)) return body.message.join('; ');
  if (typeof body.message === 'string') return body.message;
  return exception.message;
}

/** pg-pool's acquire/connect timeouts and pg's client query timeout (no codes: their messages are the API). */
const POOL_TIMEOUT_MESSAGES = [
  'timeout exceeded when trying to connect',
  'Connection terminated due to connection timeout',
  'Query read timeout',
];
/** query_canceled (statement_timeout) and lock_not_available (lock_timeout). */
const TIMEOUT_SQLSTATES = ['57014', '55P03'];

/** The database did not answer within its bounds: a retryable 503, not a bug. */
function isDatabaseTimeout(exception: unknown): boolean {
  if (!(exception instanceof Error)) return false;
  const code = (exception as { code?: unknown }).code;
  return (
    (typeof code === 'string' && TIMEOUT_SQLSTATES.includes(code)) || POOL_TIMEOUT_MESSAGES.includes(exception.message)
  );
}

/**
 * Every error becomes `{detail, status_code}`. Anything that is not an HttpException is a bug or an
 * outage: the client gets a generic 500, the log gets the stack. Driver messages and SQL never leave.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const request = host.switchToHttp().getRequest<{ method: string; originalUrl: string }>();
    let body: ErrorBody;
    const parserError = exception as { type?: unknown; status?: unknown; expose?: unknown };
    if (exception instanceof HttpException) {
      body = { detail: detailOf(exception), status_code: exception.getStatus() };
    } else if (parserError.type === 'entity.too.large') {
      body = { detail: 'Request body too large', status_code: HttpStatus.PAYLOAD_TOO_LARGE };
    } else if (
      parserError.expose === true &&
      typeof parserError.status === 'number' &&
      parserError.status >= 400 &&
      parserError.status < 500
    ) {
      // body-parser's client errors (malformed JSON, bad charset): safe to name, never a 500
      body = {
        detail: parserError.type === 'entity.parse.failed' ? 'Malformed JSON body' : 'Bad request body',
        status_code: parserError.status,
      };
    } else if (isDatabaseTimeout(exception)) {
      this.logger.warn(
        `${request.method} ${request.originalUrl.split('?')[0]}: database timeout (${(exception as Error).message})`,
      );
      body = { detail: 'The database is busy: retry shortly', status_code: HttpStatus.SERVICE_UNAVAILABLE };
    } else {
      this.logger.error(
        `${request.method} ${request.originalUrl.split('?')[0]} failed`,
        exception instanceof Error ? exception.stack : String(exception),
      );
      body = { detail: 'Internal server error', status_code: HttpStatus.INTERNAL_SERVER_ERROR };
    }
    response.status(body.status_code).json(body);
  }
}
