import { existsSync } from 'node:fs';

/** CI installs Debian's chromium (.ci/run); the only reason to skip a browser test is its absence. */
export const CHROMIUM = '/usr/bin/chromium';

/** Headless, and quiet: no network of its own beyond the pages a test opens. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Whether Chromium is here; says once on stderr, naming the test file, why its browser tests are skipped. */
export function hasChromium(testName: string): boolean {
  const present = existsSync(CHROMIUM);
  if (!present)
    process.stderr.write(
      `${testName}: skipping the headless Chromium test: ${CHROMIUM} does not exist (apt-get install -y chromium)\n`,
    );
  return present;
}
