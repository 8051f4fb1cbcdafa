import { access, rm, writeFile } from 'node:fs/promises';
import { runCommand } from './run-command.ts';
import { InfraError } from './errors.ts';
import { step, type ProgressReporter } from './progress.ts';

/**
 * Debian packages local-infra installs when their binaries are missing. Pinned to the major
 * versions of Debian 12 (bookworm): exact Debian revisions would vanish from the mirror with
 * the next security update, the major (and so the on-disk format) does not.
 */
export const DEBIAN_PACKAGES = {
  postgres: 'postgresql-15',
  redis: 'redis-server',
  prometheus: 'prometheus',
  java: 'openjdk-17-jre-headless',
  maven: 'maven',
} as const;

/** Policy file that tells maintainer scripts not to start services (our supervisor starts them). */
const POLICY_RC = '/usr/sbin/policy-rc.d';

let updated: Promise<void> | undefined;
/** dpkg takes one install at a time: services installing in parallel queue here. */
let queue: Promise<unknown> = Promise.resolve();

/** True when the file exists and is executable. */
export async function isExecutable(path: string): Promise<boolean> {
  try {
    await access(path, 1);
    return true;
  } catch {
    return false;
  }
}

/**
 * Installs Debian packages with apt-get (update once per process). Maintainer scripts are
 * kept from starting the system's own postgres/redis/prometheus, which would take our ports.
 */
export function aptInstall(service: string, packages: readonly string[], progress: ProgressReporter, signal?: AbortSignal): Promise<void> {
  const run = queue.then(() => aptInstallNow(service, packages, progress, signal));
  queue = run.catch(() => undefined);
  return run;
}

async function aptInstallNow(
  service: string,
  packages: readonly string[],
  progress: ProgressReporter,
  signal?: AbortSignal,
): Promise<void> {
  if (process.getuid?.() !== 0) {
    throw new InfraError({
      code: 'INSTALL_FAILED',
      service,
      message: `${service}: Debian package(s) ${packages.join(' ')} missing; run as root or: sudo apt-get install -y ${packages.join(' ')}`,
    });
  }
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  try {
    updated ??= step(progress, service, 'apt-get update', () =>
      runCommand('apt-get', ['update', '-q'], { env, signal }).then(() => undefined),
    );
    await updated;
    const ownPolicy = !(await isExecutable(POLICY_RC));
    if (ownPolicy)
      await writeFile(POLICY_RC, '#!/bin/sh\n# atlas-edge local-infra: do not start services during install\nexit 101\n', { mode: 0o755 });
    try {
      await step(
        progress,
        service,
        `apt-get install ${packages.join(' ')}`,
        () => runCommand('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...packages], { env, signal }),
        { install: true },
      );
    } finally {
      if (ownPolicy) await rm(POLICY_RC, { force: true });
    }
  } catch (error) {
    updated = undefined;
    throw new InfraError({
      code: 'INSTALL_FAILED',
      service,
      message: `${service}: installing ${packages.join(' ')} failed: ${(error as Error).message}`,
      cause: error,
    });
  }
}
