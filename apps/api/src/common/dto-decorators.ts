import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

/** Ids per batch update: the reference had no cap; past 10,000 the request is refused. */
export const MAX_IDS_PER_REQUEST = 10_000;

/** OpenAPI has no integer constructor; this marks integer parameters for the document. */
const Integer = 'integer';

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
const toBool = ({ value }: { value: unknown }): unknown =>
  value === 'true' ? true : value === 'false' ? false : value;

/** A non-empty list of at most 10,000 ids: uuids, or opaque strings such as Google place ids. */
export function IdList(field: string, kind: 'uuid' | 'string'): PropertyDecorator {
  return applyDecorators(
    ApiProperty({
      type: [String],
      format: kind === 'uuid' ? 'uuid' : undefined,
      minItems: 1,
      maxItems: MAX_IDS_PER_REQUEST,
    }),
    IsArray({ message: `${field} must be a list` }),
    ArrayMinSize(1, { message: `${field} must contain at least 1 id` }),
    ArrayMaxSize(MAX_IDS_PER_REQUEST, {
      message: `${field} may contain at most ${MAX_IDS_PER_REQUEST} ids per request`,
    }),
    kind === 'uuid'
      ? IsUUID('all', { each: true, message: `each ${field} entry must be a UUID` })
      : applyDecorators(
          IsString({ each: true, message: `each ${field} entry must be a string` }),
          MaxLength(255, { each: true }),
        ),
  );
}

/** A positive integer query parameter with an upper bound. */
export function IntParam(min: number, max = Number.MAX_SAFE_INTEGER): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ type: Integer, minimum: min, maximum: max === Number.MAX_SAFE_INTEGER ? undefined : max }),
    Transform(toInt),
    IsInt(),
    Min(min),
    Max(max),
  );
}

export function BoolParam(): PropertyDecorator {
  return applyDecorators(ApiPropertyOptional({ type: Boolean }), Transform(toBool), IsBoolean());
}

/** A whitelisted sort key; anything else is a 400 (the reference silently ignored unknown keys). */
export function SortKey(keys: readonly string[], field = 'sort_by'): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ enum: [...keys] }),
    IsIn(keys, { message: `${field} must be one of: ${keys.join(', ')}` }),
  );
}

/** A free-text filter (substring match). */
export function TextFilter(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ type: String, maxLength: 200, description: 'case-insensitive substring' }),
    IsString(),
    MaxLength(200),
  );
}

/** An optional uuid filter. */
export function UuidParam(field: string): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ type: String, format: 'uuid' }),
    IsUUID('all', { message: `${field} must be a UUID` }),
  );
}
