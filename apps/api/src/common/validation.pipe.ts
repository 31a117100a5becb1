import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';

function messages(errors: readonly ValidationError[], prefix = ''): string[] {
  return errors.flatMap((error) => [
    ...Object.values(error.constraints ?? {}).map((m) => (prefix ? `${prefix}${m}` : m)),
    ...messages(error.children ?? [], `${prefix}${error.property}.`),
  ]);
}

/** Strict input validation at the edge: unknown fields are rejected, every problem is named in `detail`. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors) => new BadRequestException({ detail: messages(errors).join('; ') || 'invalid request' }),
  });
}
