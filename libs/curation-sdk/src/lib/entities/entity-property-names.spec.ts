import { resolve } from 'node:path';

import * as ts from 'typescript';

const root = resolve(__dirname, '..', '..', '..', '..', '..');
const probeFile = resolve(root, 'libs/curation-sdk/src/lib/entities/__probe__.ts');

/** Type-checks `source` as if it were a file in the SDK, with the repository's strict compiler options. */
function typecheck(source: string): string[] {
  const { config } = ts.readConfigFile(resolve(root, 'tsconfig.base.json'), (p) => ts.sys.readFile(p));
  const options = { ...ts.parseJsonConfigFileContent(config, ts.sys, root).options, noEmit: true, types: ['node'] };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, language, onError, shouldCreate) =>
    resolve(name) === probeFile
      ? ts.createSourceFile(name, source, language, true)
      : getSourceFile(name, language, onError, shouldCreate);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => resolve(name) === probeFile || fileExists(name);
  const program = ts.createProgram([probeFile], options, host);
  return ts
    .getPreEmitDiagnostics(program, program.getSourceFile(probeFile))
    .map((d) => `TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

describe('entity property names are the column names, checked by the compiler', () => {
  it('rejects business.website (the WO-004.8 AttributeError) at compile time', () => {
    const errors = typecheck(`
      import { LocalBusinessEntity } from '@curation/sdk';
      export function describe(business: LocalBusinessEntity): string {
        return \`website=\${business.website}\`;
      }
    `);
    expect(errors).toEqual([`TS2339: Property 'website' does not exist on type 'LocalBusinessEntity'.`]);
  });

  it('accepts business.website_url, the real column', () => {
    expect(
      typecheck(`
        import { LocalBusinessEntity } from '@curation/sdk';
        export function describe(business: LocalBusinessEntity): string {
          return \`website=\${business.website_url ?? ''}\`;
        }
      `),
    ).toEqual([]);
  });

  it('rejects a member name where a label is required', () => {
    const errors = typecheck(`
      import { LocalBusinessEntity } from '@curation/sdk';
      export function reject(business: LocalBusinessEntity): void {
        business.status = 'Not_a_Fit';
      }
    `);
    expect(errors).toEqual([`TS2322: Type '"Not_a_Fit"' is not assignable to type 'PlaceStatus'.`]);
  });
});
