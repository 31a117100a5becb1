import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import type { Page } from 'playwright-core';

const root = resolve(__dirname, '..', '..', '..', '..');

/** Git-ignored; the closing notes point here. */
export const SCREENSHOTS = join(root, 'tmp', 'screenshots');

/** The console as `npm run build` makes it, into a temporary folder of the caller's own (it removes it). */
export function buildConsole(): string {
  const built = mkdtempSync(join(tmpdir(), 'console-'));
  const vite = spawnSync(
    process.execPath,
    [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'apps/web/vite.config.mts', '--outDir', built],
    { cwd: root, encoding: 'utf8' },
  );
  if (vite.status !== 0) throw new Error(`vite build failed: ${vite.stderr}`);
  return built;
}

/** axe-core's serious and critical findings on the page as it is now: `rule: nodes` for each. */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  // Browser-side code as source text: apps/api compiles without the DOM library.
  return page.evaluate(`axe.run().then((r) => r.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => v.id + ': ' + v.nodes.map((n) => n.target.join(' ')).join(', ')))`);
}

/** Errors the page reports (uncaught exceptions, console.error), collected for a final "none" assertion. */
export function collectProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  return problems;
}
