/**
 * Site text quoted in an error message: at most `maxChars` characters, control characters, lone surrogates and
 * U+FFFD (undecodable bytes) shown as `\xNN`/`\uNNNN` escapes. Messages are stored on rows and PostgreSQL rejects NUL,
 * so no raw byte of a hostile body may reach one.
 */
export function preview(text: string, maxChars = 60): string {
  let out = '';
  const end = Math.min(text.length, maxChars);
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        out += text[i] + text[i + 1];
        i += 1;
        continue;
      }
    }
    if (c < 0x20 || c === 0x7f || (c >= 0x80 && c < 0xa0)) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else if ((c >= 0xd800 && c <= 0xdfff) || c === 0xfffd || c === 0xfeff)
      out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += text[i];
  }
  return text.length > maxChars ? `${out}…` : out;
}

/** Whether a body's first bytes are binary rather than text: a C0 control other than tab/CR/LF, or DEL. */
export function looksBinary(head: Uint8Array): boolean {
  for (const byte of head)
    if ((byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) || byte === 0x7f) return true;
  return false;
}

/** "binary content (starts with bytes 89 50 4e 47 …)" for an error message. */
export function describeBinary(head: Uint8Array): string {
  const shown = Array.from(head.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ');
  return `binary content (starts with bytes ${shown}${head.length > 8 ? ' …' : ''})`;
}
