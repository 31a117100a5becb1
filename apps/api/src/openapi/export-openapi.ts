// npm run openapi: writes the API's OpenAPI document to apps/web/src/api/openapi.json and the console's types,
// generated from it by openapi-typescript, to apps/web/src/api/schema.ts. `--check` (a step of `npm test`)
// writes nothing and fails when either committed file differs from what the API describes now: a label,
// field or parameter changed in the API without the console's types following is caught before it ships.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import openapiTS, { astToString, COMMENT_HEADER } from 'openapi-typescript';
import { format, resolveConfig } from 'prettier';

import { AppModule } from '../app/app.module';
import { loadApiConfig } from '../config/api.config';
import { openApiDocument } from './openapi-document';

const root = resolve(__dirname, '..', '..', '..', '..');
const documentPath = resolve(root, 'apps/web/src/api/openapi.json');
const schemaPath = resolve(root, 'apps/web/src/api/schema.ts');

/** The document without a database: preview mode reads the controllers' metadata and instantiates nothing. */
async function currentDocument(): Promise<object> {
  Logger.overrideLogger(false);
  // Placeholder settings: nothing is connected or signed, only the routes and their schemas are read.
  const config = loadApiConfig({ JWT_SECRET: 'openapi-export-placeholder-secret-000000' });
  const app = await NestFactory.create(AppModule.forRoot(config, 'postgres://openapi-export.invalid/none'), {
    preview: true,
    logger: false,
  });
  try {
    return openApiDocument(app);
  } finally {
    await app.close();
  }
}

async function pretty(text: string, filepath: string): Promise<string> {
  return format(text, { ...(await resolveConfig(filepath)), filepath });
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const document = await currentDocument();
  const json = await pretty(JSON.stringify(document), documentPath);
  const schema = await pretty(
    COMMENT_HEADER + astToString(await openapiTS(JSON.parse(json), { enumValues: true })),
    schemaPath,
  );
  const stale = [
    [documentPath, json],
    [schemaPath, schema],
  ].filter(([path, text]) => {
    let committed = '';
    try {
      committed = readFileSync(path, 'utf8');
    } catch {
      // missing counts as stale
    }
    return committed !== text;
  });
  if (check) {
    if (stale.length > 0) {
      process.stderr.write(
        `openapi: the console's API types are stale against the API (${stale.map(([p]) => p.slice(root.length + 1)).join(', ')}): run \`npm run openapi\` and commit the result\n`,
      );
      process.exit(1);
    }
    process.stdout.write('openapi: apps/web/src/api is up to date with the API\n');
    return;
  }
  for (const [path, text] of stale) writeFileSync(path, text);
  process.stdout.write(`openapi: ${stale.length === 0 ? 'already up to date' : `wrote ${stale.length} file(s)`}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`openapi failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
