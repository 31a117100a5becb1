/**
 * fetch() rejects with "fetch failed"; the useful part (ECONNREFUSED, socket hang up) is in `cause`. Errors are
 * read by shape, not `instanceof`: undici's come from another realm under Jest's VM sandbox.
 */
export function describeTransportError(error: unknown): string {
  const message = errorField(error, 'message') ?? String(error);
  const cause = typeof error === 'object' && error !== null && 'cause' in error ? error.cause : undefined;
  const causeMessage = errorField(cause, 'message');
  if (causeMessage === null) return message;
  const code = errorField(cause, 'code');
  return `${message}: ${causeMessage}${code && !causeMessage.includes(code) ? ` (${code})` : ''}`;
}

export function errorField(error: unknown, field: 'name' | 'message' | 'code'): string | null {
  if (typeof error !== 'object' || error === null || !(field in error)) return null;
  const value: unknown = (error as Record<string, unknown>)[field];
  return typeof value === 'string' ? value : null;
}
