import { relative } from 'node:path';

// A plain CommonJS script (build-app.cjs runs it without a TypeScript loader); typed here at the one use.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { appModules, root } = require('./app-modules.cjs') as {
  appModules(app: 'api' | 'worker'): Map<string, { code: string }>;
  root: string;
};

const loaded = (app: 'api' | 'worker'): string[] => [...appModules(app).keys()].map((f) => relative(root, f));

describe('what each app build compiles', () => {
  it('the API loads the SDK core and nothing of libs/integrations or the handlers', () => {
    const files = loaded('api');
    expect(files).toContain('apps/api/src/main.ts');
    expect(files).toContain('libs/curation-sdk/src/lib/curation/apply-curation-status.ts');
    expect(files.filter((f) => f.startsWith('libs/integrations/'))).toEqual([]);
    expect(files.filter((f) => /\.handler\.ts$|workflow-registry\.ts$|worker\.ts$/.test(f))).toEqual([]);
    expect(files.filter((f) => /\.(spec|integration-spec)\.ts$|\/testing[./]/.test(f))).toEqual([]);
  });

  it('the worker loads every handler and the integrations they use', () => {
    const files = loaded('worker');
    for (const handler of [
      'wf1-place-search',
      'wf2-deep-scan',
      'wf3-domain-extraction',
      'wf4-sitemap-discovery',
      'wf5-sitemap-import',
      'wf7-page-curation',
    ]) {
      expect(files).toContain(`libs/curation-sdk/src/lib/workflows/${handler}/${handler}.handler.ts`);
    }
    expect(files).toContain('libs/integrations/src/lib/safe-fetch/safe-fetch.ts');
    expect(files.filter((f) => /\.(spec|integration-spec)\.ts$|\/testing[./]|\/fixtures\//.test(f))).toEqual([]);
  });
});
