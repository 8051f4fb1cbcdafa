import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInfraConfig, type InfraConfig } from './config.ts';
import { InfraError } from './errors.ts';
import { buildGoProgram } from './go-build.ts';
import { silentProgress, type ProgressReporter } from './progress.ts';
import { runCommand } from './run-command.ts';

/** k6's Go module at a pinned release (its documented source install: `go install go.k6.io/k6@...`). */
export const K6_MODULE = 'go.k6.io/k6';
export const K6_VERSION = 'v1.8.1';

/** Options of {@link ensureK6}. */
export interface EnsureK6Options {
  /** Instance whose tool cache is used (default: the shared one). */
  readonly config?: InfraConfig;
  readonly progress?: ProgressReporter;
  readonly signal?: AbortSignal;
}

/** The k6 binary, cached per version outside the checkout (like MinIO's): `~/.cache/atlas-edge/bin/k6-<version>/k6`. */
export function k6Binary(config: InfraConfig = createInfraConfig()): string {
  return join(config.cacheDir, 'bin', `k6-${K6_VERSION}`, 'k6');
}

/**
 * Makes sure the pinned k6 is built and returns its path. k6 is a tool, not a service: nothing
 * to start or stop. A binary that does not report the pinned version (a half-written build, a
 * copy of another release) is rebuilt rather than trusted.
 */
export async function ensureK6(options: EnsureK6Options = {}): Promise<string> {
  const config = options.config ?? createInfraConfig();
  const progress = options.progress ?? silentProgress;
  const binary = k6Binary(config);
  if (existsSync(binary) && (await reportsPinnedVersion(binary))) return binary;
  await buildGoProgram(
    { name: 'k6', installPath: K6_MODULE, version: K6_VERSION, binary, expected: 'a few minutes' },
    progress,
    options.signal,
  );
  if (!(await reportsPinnedVersion(binary))) {
    throw new InfraError({
      code: 'INSTALL_FAILED',
      service: 'k6',
      message: `k6: ${binary} does not report ${K6_VERSION} after go install`,
    });
  }
  return binary;
}

async function reportsPinnedVersion(binary: string): Promise<boolean> {
  try {
    const output = await runCommand(binary, ['version'], { timeoutMs: 15_000 });
    return output.includes(`k6 ${K6_VERSION}`);
  } catch {
    return false;
  }
}
