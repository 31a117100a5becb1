import { UnprocessableEntityException } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate, ValidationError } from 'class-validator';

import { EnrichmentCompleteBody } from './enrichment-complete.dto';

/**
 * C0 controls but tab, LF and CR, then DEL and C1. Unlike the curator's fields, a company description may span
 * lines; NUL would make PostgreSQL refuse the jsonb (a 500), the others only arrive by mistake.
 */
const CONTROL_CHARACTER = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

function messages(errors: readonly ValidationError[], prefix = ''): string[] {
  return errors.flatMap((error) => [
    ...Object.values(error.constraints ?? {}).map((m) => `${prefix}${m}`),
    ...messages(error.children ?? [], `${prefix}${error.property}.`),
  ]);
}

/** The path of the first string holding a control character; iterative, so deep JSON cannot overflow the stack. */
function firstControlCharacter(root: unknown): string | undefined {
  const stack: [unknown, string][] = [[root, '']];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [value, path] = next;
    if (typeof value === 'string') {
      if (CONTROL_CHARACTER.test(value)) return path;
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        const child = Array.isArray(value)
          ? `${path}[${key}]`
          : path
            ? `${path}.${key.slice(0, 64)}`
            : key.slice(0, 64);
        if (CONTROL_CHARACTER.test(key)) return `${path || '(body)'} (a field name)`;
        stack.push([item, child]);
      }
    }
  }
  return undefined;
}

const unprocessable = (detail: string) => new UnprocessableEntityException({ detail });

/**
 * The webhook's body check, a 422 as in the reference (its FastAPI answered 422 to any invalid payload), run
 * in the handler rather than by the global pipe, which answers 400 and refuses unknown fields. Unknown fields
 * are dropped, as the reference's pydantic models did, so a newer n8n workflow adding one still gets through;
 * they are never written.
 */
export async function parseEnrichmentBody(raw: unknown): Promise<EnrichmentCompleteBody> {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw unprocessable('The body must be a JSON object');
  const path = firstControlCharacter(raw);
  if (path !== undefined)
    throw unprocessable(`${path} contains a control character (such as NUL); they are not accepted`);
  const body = plainToInstance(EnrichmentCompleteBody, raw, { enableImplicitConversion: false });
  const errors = await validate(body, { whitelist: true, forbidNonWhitelisted: false });
  if (errors.length > 0) throw unprocessable(messages(errors).join('; '));
  return body;
}
