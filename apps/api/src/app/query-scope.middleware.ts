import { Logger } from '@nestjs/common';
import { NextFunction, Request, Response } from 'express';

import { NPlusOneMode, runInQueryScope } from '@curation/sdk';

/**
 * Makes every request one unit of work for the N+1 detector: repeated statements from one call site
 * are logged once per request.
 */
export function queryScopeMiddleware(mode: NPlusOneMode) {
  const logger = new Logger('NPlusOne');
  return (req: Request, res: Response, next: NextFunction): void => {
    if (mode === NPlusOneMode.Off) return next();
    void runInQueryScope(
      // originalUrl keeps the full route under a mounted middleware; the query string may hold personal data.
      `${req.method} ${req.originalUrl.split('?')[0]}`,
      mode,
      () =>
        new Promise<void>((resolve) => {
          res.on('finish', resolve);
          res.on('close', resolve);
          next();
        }),
      (message) => logger.warn(message),
    );
  };
}
