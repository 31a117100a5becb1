import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';

/** Thrown at startup when the environment does not validate; the message lists every problem at once. */
export class ConfigValidationError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigValidationError';
  }
}

function describe(errors: readonly ValidationError[], prefix = ''): string[] {
  return errors.flatMap((error) => {
    const own = Object.values(error.constraints ?? {}).map((message) => `${prefix}${message}`);
    return [...own, ...describe(error.children ?? [], `${prefix}${error.property}.`)];
  });
}

/**
 * Validates the environment once, at startup, into a typed config object. Unknown variables are ignored;
 * values are converted from strings by the class's `@Type`/`@Transform` decorators.
 */
export function loadConfig<T extends object>(ConfigClass: new () => T, env: Record<string, string | undefined>): T {
  const defined = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const config = plainToInstance(ConfigClass, defined, { enableImplicitConversion: false, exposeDefaultValues: true });
  const errors = validateSync(config, { whitelist: true, forbidUnknownValues: true });
  if (errors.length > 0) throw new ConfigValidationError(describe(errors));
  return Object.freeze(config);
}
