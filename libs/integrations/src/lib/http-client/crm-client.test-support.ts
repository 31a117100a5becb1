import { CrmClientError } from './crm-client-error';

/** The error a call rejects with, after checking that no form of it carries any of the secrets. */
export async function crmFailure(call: Promise<unknown>, secrets: readonly string[]): Promise<CrmClientError> {
  let caught: unknown;
  try {
    await call;
  } catch (error) {
    caught = error;
  }
  if (!(caught instanceof CrmClientError)) throw new Error(`expected a CrmClientError, got ${String(caught)}`);
  for (const form of [
    caught.message,
    caught.stack ?? '',
    String(caught),
    JSON.stringify(caught),
    JSON.stringify(caught.details),
  ]) {
    for (const secret of secrets) {
      expect(form).not.toContain(secret);
      expect(form).not.toContain(encodeURIComponent(secret));
    }
  }
  return caught;
}

/** Spies on every console method and stdout/stderr; `verify()` fails if a client logged or any output had a secret. */
export function watchOutput(secrets: readonly string[]): { verify(): void } {
  const consoleSpies = (['log', 'info', 'warn', 'error', 'debug', 'trace'] as const).map((method) =>
    jest.spyOn(console, method),
  );
  const writeSpies = [jest.spyOn(process.stdout, 'write'), jest.spyOn(process.stderr, 'write')];
  return {
    verify() {
      for (const spy of consoleSpies) expect(spy).not.toHaveBeenCalled();
      for (const spy of [...consoleSpies, ...writeSpies])
        for (const call of spy.mock.calls) for (const secret of secrets) expect(String(call[0])).not.toContain(secret);
      for (const spy of [...consoleSpies, ...writeSpies]) spy.mockRestore();
    },
  };
}
