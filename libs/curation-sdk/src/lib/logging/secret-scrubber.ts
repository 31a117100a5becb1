/** Settings whose values never belong in a log line, whatever they are called in a message or a field. */
const SECRET_SETTING = /(SECRET|TOKEN|API_KEY|PASSWORD)$/;
/** Values shorter than this are not scrubbed by value: replacing "1" everywhere would mangle every line. */
const MIN_SECRET_LENGTH = 8;
/** `scheme://user:password@host`: the password goes, the rest stays readable. */
const URL_PASSWORD = /([a-z][a-z0-9+.-]*:\/\/[^:/@\s"]*:)[^@\s"/]+@/gi;

export const REDACTED = '[Redacted]';

/**
 * Builds the last line of defence behind pino's path redaction: every value of a secret-named setting
 * (and the password of every URL setting) is replaced wherever it appears in a written line, raw or
 * JSON-escaped, so a key echoed inside an upstream error message is caught as well as a logged header.
 */
export function secretScrubber(sources: readonly object[]): (line: string) => string {
  const secrets = new Set<string>();
  for (const source of sources) {
    for (const [name, value] of Object.entries(source)) {
      if (typeof value !== 'string') continue;
      if (SECRET_SETTING.test(name) && value.length >= MIN_SECRET_LENGTH) secrets.add(value);
      if (name.endsWith('_URL')) {
        const password = passwordOf(value);
        if (password && password.length >= MIN_SECRET_LENGTH) secrets.add(password);
      }
    }
  }
  const needles = [...secrets]
    .flatMap((secret) => [secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)])
    .filter((needle, i, all) => all.indexOf(needle) === i)
    // Longest first: a secret that contains another is replaced whole.
    .sort((a, b) => b.length - a.length);
  return (line) => {
    let out = line.replace(URL_PASSWORD, `$1${REDACTED}@`);
    for (const needle of needles) if (out.includes(needle)) out = out.split(needle).join(REDACTED);
    return out;
  };
}

function passwordOf(url: string): string | null {
  try {
    const password = new URL(url).password;
    return password ? decodeURIComponent(password) : null;
  } catch {
    return null;
  }
}
