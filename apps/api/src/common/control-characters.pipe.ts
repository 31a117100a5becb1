import { ArgumentMetadata, BadRequestException, Injectable, PipeTransform } from '@nestjs/common';

/**
 * C0 controls (NUL included), DEL and C1 controls. No field of this API is multi-line (ids, labels, filters,
 * domains, search terms), so tab, CR and LF are refused as well. PostgreSQL rejects NUL in text and jsonb,
 * which used to surface as a 500; the rest only ever arrives by mistake or on purpose.
 */
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;

const WHERE = { body: 'body field', query: 'query parameter', param: 'path parameter' } as const;

/** Field names are echoed in the message; long or odd ones are shortened, never shown raw. */
function label(key: string): string {
  if (CONTROL_CHARACTER.test(key)) return '(a name with a control character)';
  return key.length > 64 ? `${key.slice(0, 64)}…` : key;
}

/** The path of the first string (value or key) holding a control character; iterative, so deep JSON cannot overflow the stack. */
function firstControlCharacter(root: unknown, rootName: string): string | undefined {
  const stack: [unknown, string][] = [[root, rootName]];
  while (stack.length > 0) {
    const [value, path] = stack.pop() as [unknown, string];
    if (typeof value === 'string') {
      if (CONTROL_CHARACTER.test(value)) return path;
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => stack.push([item, `${path}[${i}]`]));
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        const child = path ? `${path}.${label(key)}` : label(key);
        if (CONTROL_CHARACTER.test(key)) return child;
        stack.push([item, child]);
      }
    }
  }
  return undefined;
}

/**
 * Global, ahead of validation: a control character in any body field, query or path parameter is a 400
 * naming the field (not its value), before any DTO, parser pipe or SQL sees it.
 */
@Injectable()
export class ControlCharactersPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'body' && metadata.type !== 'query' && metadata.type !== 'param') return value;
    const path = firstControlCharacter(value, metadata.data ?? '');
    if (path !== undefined) {
      // Deeply nested input makes long paths; the start names the field well enough.
      const shown = path.length > 200 ? `${path.slice(0, 200)}…` : path || '(body)';
      throw new BadRequestException({
        detail: `${WHERE[metadata.type]} ${shown} contains a control character (such as NUL); they are not accepted`,
      });
    }
    return value;
  }
}
