/** Replaces every secret, plain and URL-encoded, so neither an echoed query string nor a body can leak it. */
export function redactSecrets(message: string, secrets: readonly (string | null | undefined)[]): string {
  let redacted = message;
  for (const secret of secrets) {
    if (!secret) continue;
    for (const form of new Set([secret, encodeURIComponent(secret), encodeURIComponent(secret).replace(/%20/g, '+')]))
      redacted = redacted.split(form).join('[redacted]');
  }
  return redacted;
}
