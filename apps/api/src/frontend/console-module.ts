import { resolve } from 'node:path';

import { DynamicModule } from '@nestjs/common';
import { ServeStaticModule } from '@nestjs/serve-static';
import { Response } from 'express';

import { FRONTEND_PREFIX } from './serve-frontend';

/** Paths that stay the API's, console or not: a missing one is the API's JSON 404, never the console's page. */
export const API_OWNED_PATHS = ['/api/{*path}', '/health{*path}', '/metrics{*path}', `${FRONTEND_PREFIX}/{*path}`];

/**
 * Serves the built console (apps/web) at `/`: its files, and its page for any other path outside
 * {@link API_OWNED_PATHS}, so a reload on a console address still opens the console. Vite names the assets by
 * their content, so they are cached for a year; the page itself is revalidated on every load, so a deploy is
 * picked up at once.
 */
export function consoleModule(dir: string): DynamicModule {
  return ServeStaticModule.forRoot({
    rootPath: resolve(dir),
    exclude: API_OWNED_PATHS,
    serveStaticOptions: {
      dotfiles: 'ignore',
      index: 'index.html',
      redirect: false,
      setHeaders: (res: Response, path: string) =>
        res.setHeader(
          'Cache-Control',
          /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache',
        ),
    },
  });
}
