import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { Request } from 'express';

/**
 * The parsed JSON body, untouched by the global pipes (they skip custom parameters): the webhook answers bad
 * bodies with its own 422 and accepts multi-line text, where the curator routes answer 400 to both.
 */
export const JsonBody = createParamDecorator((_data: unknown, context: ExecutionContext): unknown => {
  return context.switchToHttp().getRequest<Request>().body;
});
