import { BadRequestException } from '@nestjs/common';

import { ControlCharactersPipe } from './control-characters.pipe';

const pipe = new ControlCharactersPipe();
const detailOf = (value: unknown, type: 'body' | 'query' | 'param' = 'body', data?: string): string | undefined => {
  try {
    pipe.transform(value, { type, data });
    return undefined;
  } catch (error) {
    return ((error as BadRequestException).getResponse() as { detail: string }).detail;
  }
};

describe('ControlCharactersPipe', () => {
  it.each(['\u0000', '\u0001', '\t', '\n', '\r', '\u001f', '\u007f', '\u0080', '\u009f'])(
    'refuses %j anywhere in a string',
    (c) => {
      expect(detailOf({ a: [`x${c}y`] })).toBe(
        'body field a[0] contains a control character (such as NUL); they are not accepted',
      );
    },
  );

  it.each(['plain', 'Bäckerei Müller', '🍞 café', '\u00a0non-breaking', ''])('accepts %j', (text) => {
    expect(detailOf({ a: text, b: [text], c: { d: text } }, 'query')).toBeUndefined();
  });

  it('names path parameters and never echoes the value', () => {
    expect(detailOf('abc\u0000secret', 'param', 'job_id')).toBe(
      'path parameter job_id contains a control character (such as NUL); they are not accepted',
    );
  });

  it('walks deep input without recursion and keeps the message short', () => {
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 200_000; i += 1) deep = [deep];
    const detail = detailOf({ deep });
    expect(detail).toMatch(/^body field deep\[0\]\[0\].*… contains a control character/);
    expect(detail?.length).toBeLessThan(300);
  });

  it('leaves other argument kinds alone', () => {
    expect(() => pipe.transform('\u0000', { type: 'custom' })).not.toThrow();
  });
});
