/**
 * Cloudflare Email Address Obfuscation replaces addresses with `data-cfemail="<hex>"` (or a
 * `/cdn-cgi/l/email-protection#<hex>` link): the first byte is the XOR key for every following byte.
 */
export function decodeCloudflareEmail(hex: string): string | null {
  const clean = hex.trim();
  if (clean.length < 4 || clean.length % 2 !== 0 || !/^[0-9a-f]+$/i.test(clean)) return null;
  const key = parseInt(clean.slice(0, 2), 16);
  const bytes: number[] = [];
  for (let i = 2; i < clean.length; i += 2) bytes.push(parseInt(clean.slice(i, i + 2), 16) ^ key);
  let decoded: string;
  try {
    // The encoder works on UTF-8 bytes; percent-decoding reassembles multi-byte characters.
    decoded = decodeURIComponent(bytes.map((b) => `%${b.toString(16).padStart(2, '0')}`).join(''));
  } catch {
    return null;
  }
  return decoded;
}

/** Encoder used by tests and fixtures; mirrors Cloudflare's output for ASCII addresses. */
export function encodeCloudflareEmail(email: string, key = 0x5a): string {
  const hex = (n: number): string => n.toString(16).padStart(2, '0');
  return hex(key) + Array.from(Buffer.from(email, 'utf8'), (b) => hex(b ^ key)).join('');
}
