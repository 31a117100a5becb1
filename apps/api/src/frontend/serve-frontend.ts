import { resolve } from 'node:path';

import { NestExpressApplication } from '@nestjs/platform-express';
import { Application, Response } from 'express';

/** Where the reference mounted its `static/` folder; its pages load `/static/js/...` by absolute path. */
export const FRONTEND_PREFIX = '/static';

/**
 * Serves an existing frontend's files from the API's own origin, so its relative `/api/v3/...` calls need
 * no CORS. Plain express.static (send) underneath: it refuses paths that climb out of the folder
 * (`..`, encoded or not), never lists a folder, and leaves every other path to the API's routes.
 * Files are public, like the reference's: the bearer token is typed into the page, never needed to load it.
 */
export function serveFrontend(app: NestExpressApplication, dir: string, redirectRoot = true): void {
  app.useStaticAssets(resolve(dir), {
    prefix: FRONTEND_PREFIX,
    // A folder is a 404: no index.html for it, no redirect to `folder/`, and express.static never lists.
    index: false,
    redirect: false,
    // `.env`, `.git/...`: answered 404 as if absent.
    dotfiles: 'ignore',
    // A missing file falls through to the API's JSON 404 instead of an HTML error page.
    fallthrough: true,
    etag: true,
    lastModified: true,
    // The reference's file names carry no content hash, so a browser must revalidate every time (a cheap
    // 304 via ETag / Last-Modified) or it would keep running yesterday's script after a deploy.
    setHeaders: (res: Response) => res.setHeader('Cache-Control', 'no-cache'),
  });
  // The reference redirected its root to the dashboard page; with the console built, `/` is the console's.
  if (!redirectRoot) return;
  const express: Application = app.getHttpAdapter().getInstance();
  express.get('/', (_request, response) => response.redirect(302, `${FRONTEND_PREFIX}/index.html`));
}
