import { Readable } from 'node:stream';
import { TextDecoder } from 'node:util';

/**
 * The first `maxBytes` of a body and whether there was more; the rest is never read, so a 15 MiB page costs what a
 * `maxBytes` one does (issue 12, defect 7: one such page killed a 256 MB worker holding five).
 */
export async function readPrefix(body: Readable, maxBytes: number): Promise<{ bytes: Buffer; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let total = 0;
  let truncated = false;
  for await (const chunk of body) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    const room = maxBytes - total;
    if (buffer.length > room) {
      chunks.push(buffer.subarray(0, room));
      total += room;
      truncated = true;
      break;
    }
    chunks.push(buffer);
    total += buffer.length;
  }
  return { bytes: Buffer.concat(chunks, total), truncated };
}

/** Bytes of the document start searched for `<meta charset>`, as the HTML spec's prescan does. */
const PRESCAN_BYTES = 1024;
const HEADER_CHARSET = /charset\s*=\s*["']?\s*([\w.:-]{1,40})/i;
const META_CHARSET = /<meta[^>]{0,512}?charset\s*=\s*["']?\s*([\w.:-]{1,40})/i;

/**
 * Decodes a page by its byte-order mark, else its Content-Type charset, else a `<meta charset>` in the first KiB,
 * else UTF-8; unknown labels fall back to UTF-8 and malformed bytes become U+FFFD, so no page fails to decode.
 */
export function decodeHtml(bytes: Buffer, contentType: string | undefined): string {
  return decoderFor(bytes, contentType).decode(bytes);
}

function decoderFor(bytes: Buffer, contentType: string | undefined): TextDecoder {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder('utf-8');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be');
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le');
  const declared =
    HEADER_CHARSET.exec(contentType ?? '')?.[1] ??
    META_CHARSET.exec(bytes.subarray(0, PRESCAN_BYTES).toString('latin1'))?.[1];
  // A page that declares UTF-16 without a BOM is read as UTF-8, as browsers do.
  if (declared && !/^utf-?16/i.test(declared)) {
    try {
      return new TextDecoder(declared.toLowerCase());
    } catch {
      // Not a WHATWG encoding label: UTF-8 is the web's default.
    }
  }
  return new TextDecoder('utf-8');
}
