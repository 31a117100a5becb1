import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

import { ALL_ENUMS } from './enum-registry';

const root = resolve(__dirname, '..', '..', '..', '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory())
      return ['node_modules', 'migrations', 'testing', 'fixtures'].includes(entry.name) ? [] : sourceFiles(full);
    const isProductionTs = entry.name.endsWith('.ts') && !/\.(spec|integration-spec|enum)\.ts$/.test(entry.name);
    return isProductionTs ? [full] : [];
  });
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('no production code compares against a label string literal', () => {
  it('finds no ===, !==, == , != or case against any registered label outside the enum files', () => {
    const labels = [...new Set(ALL_ENUMS.flatMap((e) => e.labels))].map(escape).join('|');
    const comparison = new RegExp(
      `(?:[!=]==?\\s*(['"\`])(?:${labels})\\1)|(?:(['"\`])(?:${labels})\\2\\s*[!=]==?)|(?:case\\s+(['"\`])(?:${labels})\\3\\s*:)`,
    );
    // Production code only: tools and benchmarks talk to other systems (log levels such as 'error').
    const offenders = ['apps', 'libs']
      .flatMap((dir) => sourceFiles(join(root, dir)))
      .flatMap((file) =>
        readFileSync(file, 'utf8')
          .split('\n')
          .flatMap((line, i) => (comparison.test(line) ? [`${relative(root, file)}:${i + 1}: ${line.trim()}`] : [])),
      );
    expect(offenders).toEqual([]);
  });

  it('would catch one (the rule is not vacuous)', () => {
    const labels = ALL_ENUMS.flatMap((e) => e.labels)
      .map(escape)
      .join('|');
    expect(new RegExp(`[!=]==?\\s*(['"\`])(?:${labels})\\1`).test(`if (status === 'Not a Fit') {`)).toBe(true);
  });
});
