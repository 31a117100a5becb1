import { statSync } from 'node:fs';
import { resolve } from 'node:path';

import { registerDecorator, ValidationArguments } from 'class-validator';

/** True when `path` (relative to the working directory) names a directory that exists now. */
export function isExistingDirectory(path: unknown): boolean {
  if (typeof path !== 'string' || path.length === 0) return false;
  try {
    return statSync(resolve(path)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * A setting naming a folder the process reads at runtime: checked at startup, so a typo fails the deploy
 * instead of answering 404 for every file later.
 */
export function IsExistingDirectory(): PropertyDecorator {
  return (target: object, propertyKey: string | symbol) =>
    registerDecorator({
      name: 'isExistingDirectory',
      target: target.constructor,
      propertyName: String(propertyKey),
      validator: {
        validate: isExistingDirectory,
        defaultMessage: (args: ValidationArguments) =>
          `${args.property} must be an existing directory (got ${JSON.stringify(args.value)}, resolved against ${process.cwd()})`,
      },
    });
}
