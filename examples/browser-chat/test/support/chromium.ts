import { accessSync, constants } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { describe } from 'vitest';

/** Debian's `chromium` package (`.ci/run` installs it); `PARLEY_TEST_CHROMIUM` points elsewhere. */
const CHROMIUM = process.env.PARLEY_TEST_CHROMIUM ?? '/usr/bin/chromium';

// Headless and quiet: no GPU, no first-run UI, no calls home that could stall or flake a test.
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * `describe` for the browser suites: runs when Chromium is installed; otherwise skips with one line,
 * or fails the run under PARLEY_REQUIRE_SERVICES=1 (CI), where it may not skip.
 */
export function describeWithChromium(title: string, body: () => void): void {
  if (chromiumAvailable()) describe(title, body);
  else describe.skip(title, () => undefined);
}

/** A headless Chromium with a fresh profile (Playwright makes a temporary user-data dir per launch). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
}

function chromiumAvailable(): boolean {
  try {
    accessSync(CHROMIUM, constants.X_OK);
    return true;
  } catch {
    if (process.env.PARLEY_REQUIRE_SERVICES === '1') {
      throw new Error(
        `${CHROMIUM} is missing but PARLEY_REQUIRE_SERVICES=1: the browser suites may not skip.`,
      );
    }
    process.stderr.write(
      `Browser suites skipped: install Chromium (apt-get install chromium) or set PARLEY_TEST_CHROMIUM to its path.\n`,
    );
    return false;
  }
}
