import { createHash } from 'node:crypto';

import { BadRequestException } from '@nestjs/common';

/** Where a keyset page ended: the last row's sort value as PostgreSQL prints it (`null` for SQL NULL) and id. */
export interface ListPosition {
  readonly value: string | null;
  readonly id: string;
}

/** What a cursor is bound to: a cursor from another list, sort or direction would silently skip or repeat rows. */
export interface CursorScope {
  /** The listed relation (its FROM clause): two lists with the same sort must not accept each other's cursors. */
  readonly list: string;
  readonly sortBy: string;
  readonly descending: boolean;
}

interface CursorBody {
  readonly s: string;
  readonly d: 'asc' | 'desc';
  readonly v: string | null;
  readonly i: string;
}

/** A longer value than any sortable column holds; bounds what a forged cursor can make us parse. */
const MAX_VALUE_LENGTH = 4096;
const TAG_LENGTH = 16;

const directionOf = (scope: CursorScope): 'asc' | 'desc' => (scope.descending ? 'desc' : 'asc');

/**
 * An integrity check, not a secret: it turns an edited, truncated or foreign cursor into a clear 400 instead of
 * a page from an arbitrary position. Forging one only moves the position, since the values are bound parameters.
 */
const tagOf = (list: string, body: string): string =>
  createHash('sha256').update(`${list}\n${body}`).digest('base64url').slice(0, TAG_LENGTH);

const invalid = (detail: string) => new BadRequestException({ detail });

export function encodeCursor(scope: CursorScope, position: ListPosition): string {
  const payload: CursorBody = { s: scope.sortBy, d: directionOf(scope), v: position.value, i: position.id };
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${tagOf(scope.list, body)}`;
}

function isCursorBody(value: unknown): value is CursorBody {
  if (typeof value !== 'object' || value === null) return false;
  const { s, d, v, i } = value as Record<string, unknown>;
  return (
    typeof s === 'string' &&
    (d === 'asc' || d === 'desc') &&
    (v === null || (typeof v === 'string' && v.length <= MAX_VALUE_LENGTH)) &&
    typeof i === 'string' &&
    i.length > 0 &&
    i.length <= 64
  );
}

function parseBody(body: string): unknown {
  try {
    return JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

/** The position a cursor names, or a 400 naming `cursor`. */
export function decodeCursor(scope: CursorScope, cursor: string): ListPosition {
  const [body, tag, ...rest] = cursor.split('.');
  if (!body || tag !== tagOf(scope.list, body) || rest.length > 0)
    throw invalid('cursor is not a next_cursor this list returned (altered, truncated or from another list)');
  const payload = parseBody(body);
  if (!isCursorBody(payload)) throw invalid('cursor is malformed');
  if (payload.s !== scope.sortBy || payload.d !== directionOf(scope))
    throw invalid(
      `cursor was made for the sort ${payload.s} ${payload.d}, not ${scope.sortBy} ${directionOf(scope)}: ` +
        'start again without a cursor',
    );
  return { value: payload.v, id: payload.i };
}
