import { aptInstall, isExecutable } from './apt.ts';
import { silentProgress, type ProgressReporter } from './progress.ts';

/** Debian's Chromium: the headless browser of the page tests (`/docs`, the built-in dashboard). */
export const CHROMIUM_BINARY = '/usr/bin/chromium';
export const CHROMIUM_PACKAGE = 'chromium';
/** Flags for a headless Chromium in tests: no sandbox (root), no GPU, and no traffic of its own to anywhere. */
export const CHROMIUM_TEST_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Makes sure Debian's Chromium is installed and returns its path. A Debian package rather than
 * Playwright's own browser download: that one comes from a CDN this project may not reach, the
 * Debian mirror is already where PostgreSQL and Redis come from.
 */
export async function ensureChromium(progress: ProgressReporter = silentProgress, signal?: AbortSignal): Promise<string> {
  if (!(await isExecutable(CHROMIUM_BINARY))) await aptInstall('chromium', [CHROMIUM_PACKAGE], progress, signal);
  return CHROMIUM_BINARY;
}
