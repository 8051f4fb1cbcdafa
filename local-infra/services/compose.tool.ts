import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInfraConfig, type InfraConfig } from './config.ts';
import { InfraError } from './errors.ts';
import { buildGoProgram } from './go-build.ts';
import { silentProgress, type ProgressReporter } from './progress.ts';
import { runCommand } from './run-command.ts';

/**
 * Docker Compose (the Go module of the current `docker compose`) at a pinned release: only its
 * `config` command is used, to parse and validate docker-compose.yml without an engine. Debian's
 * docker-compose 1.29 predates the Compose specification (it rejects the top-level `name`).
 */
export const COMPOSE_MODULE = 'github.com/docker/compose/v5';
export const COMPOSE_VERSION = 'v5.6.0';

/** Options of {@link ensureCompose}. */
export interface EnsureComposeOptions {
  readonly config?: InfraConfig;
  readonly progress?: ProgressReporter;
  readonly signal?: AbortSignal;
}

/** The binary, cached per version outside the checkout: `~/.cache/atlas-edge/bin/compose-<version>/docker-compose`. */
export function composeBinary(config: InfraConfig = createInfraConfig()): string {
  return join(config.cacheDir, 'bin', `compose-${COMPOSE_VERSION}`, 'docker-compose');
}

/**
 * Makes sure the pinned Compose is built and returns its path. Built inside its own module
 * (`go install module@version` refuses it: its go.mod has exclude directives), with the version
 * stamped the way its Makefile does, so `version` names the release.
 */
export async function ensureCompose(options: EnsureComposeOptions = {}): Promise<string> {
  const binary = composeBinary(options.config ?? createInfraConfig());
  if (existsSync(binary) && (await reportsPinnedVersion(binary))) return binary;
  await buildGoProgram(
    {
      name: 'compose',
      installPath: COMPOSE_MODULE,
      version: COMPOSE_VERSION,
      binary,
      inModule: { package: './cmd', ldflags: `-w -X ${COMPOSE_MODULE}/internal.Version=${COMPOSE_VERSION}` },
      expected: 'a few minutes',
    },
    options.progress ?? silentProgress,
    options.signal,
  );
  if (!(await reportsPinnedVersion(binary))) {
    throw new InfraError({
      code: 'INSTALL_FAILED',
      service: 'compose',
      message: `compose: ${binary} does not report ${COMPOSE_VERSION} after go build`,
    });
  }
  return binary;
}

async function reportsPinnedVersion(binary: string): Promise<boolean> {
  try {
    return (await runCommand(binary, ['version'], { timeoutMs: 15_000 })).includes(`version ${COMPOSE_VERSION}`);
  } catch {
    return false;
  }
}
