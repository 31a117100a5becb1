import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

/** Room for the longest sortable value (a URL) after base64url. */
const MAX_CURSOR_LENGTH = 8192;

/** The optional `cursor` query parameter of every curated list: a `next_cursor` that list returned. */
export function CursorParam(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      type: String,
      maxLength: MAX_CURSOR_LENGTH,
      description:
        'next_cursor of the previous page: the next page by keyset, with the same sort (no page/offset). ' +
        'Opaque; a cursor from another list, sort or direction, or altered, is a 400.',
    }),
    IsOptional(),
    IsString({ message: 'cursor must be a string' }),
    MaxLength(MAX_CURSOR_LENGTH, { message: `cursor must be at most ${MAX_CURSOR_LENGTH} characters` }),
  );
}
