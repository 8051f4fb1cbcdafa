import { execFile } from 'node:child_process';
import { DEBIAN_PACKAGES, aptInstall } from './apt.ts';
import type { ProgressReporter } from './progress.ts';

/** True when `command --version` (or `-version`) runs. */
export function commandWorks(command: string, args: readonly string[] = ['--version']): Promise<boolean> {
  return new Promise((resolve) => execFile(command, args, { timeout: 15_000 }, (error) => resolve(!error)));
}

/** Makes sure `java` (17+) and `mvn` exist, installing Debian's packages when they do not. */
export async function ensureJavaAndMaven(service: string, progress: ProgressReporter, signal?: AbortSignal): Promise<void> {
  const missing: string[] = [];
  if (!(await commandWorks('java', ['-version']))) missing.push(DEBIAN_PACKAGES.java);
  if (!(await commandWorks('mvn', ['-v']))) missing.push(DEBIAN_PACKAGES.maven);
  if (missing.length > 0) await aptInstall(service, missing, progress, signal);
}
