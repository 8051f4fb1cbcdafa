import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInfraConfig, type InfraConfig } from './config.ts';
import { InfraError } from './errors.ts';
import { commandWorks } from './java.ts';
import { silentProgress, step, type ProgressReporter } from './progress.ts';
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
 * Makes sure the pinned Compose is built and returns its path. `go install module@version`
 * refuses this module (its go.mod has exclude/replace directives), so the module is downloaded
 * into Go's module cache and built inside its own directory, where those directives apply.
 */
export async function ensureCompose(options: EnsureComposeOptions = {}): Promise<string> {
  const config = options.config ?? createInfraConfig();
  const progress = options.progress ?? silentProgress;
  const binary = composeBinary(config);
  if (existsSync(binary) && (await reportsPinnedVersion(binary))) return binary;
  if (!(await commandWorks('go', ['version']))) {
    throw installFailed('Go is needed to build Docker Compose (go build), but `go` is not on PATH; install Go >= 1.24');
  }
  const signal = options.signal ? { signal: options.signal } : {};
  // Built inside the module cache's copy of the module, which Go keeps read-only: -o writes the
  // binary to our cache, and nothing in the module directory is modified.
  try {
    const moduleDir = await step(progress, 'compose', `go mod download ${COMPOSE_MODULE}@${COMPOSE_VERSION}`, () =>
      runCommand('go', ['mod', 'download', '-json', `${COMPOSE_MODULE}@${COMPOSE_VERSION}`], signal).then(downloadedDir));
    await step(progress, 'compose', `go build ${COMPOSE_MODULE}/cmd (first time: a few minutes)`, () =>
      runCommand('go', ['build', '-trimpath', '-ldflags', `-w -X ${COMPOSE_MODULE}/internal.Version=${COMPOSE_VERSION}`, '-o', binary, './cmd'], { cwd: moduleDir, env: { CGO_ENABLED: '0' }, ...signal }), { install: true });
  } catch (error) {
    throw installFailed(`building failed: ${(error as Error).message}`, error);
  }
  if (!(await reportsPinnedVersion(binary))) throw installFailed(`${binary} does not report ${COMPOSE_VERSION} after go build`);
  return binary;
}

function downloadedDir(json: string): string {
  const dir = (JSON.parse(json) as { Dir?: unknown }).Dir;
  if (typeof dir !== 'string' || dir === '') throw new Error(`go mod download named no module directory: ${json.slice(0, 500)}`);
  return dir;
}

function installFailed(message: string, cause?: unknown): InfraError {
  return new InfraError({ code: 'INSTALL_FAILED', service: 'compose', message: `compose: ${message}`, cause });
}

async function reportsPinnedVersion(binary: string): Promise<boolean> {
  try {
    return (await runCommand(binary, ['version'], { timeoutMs: 15_000 })).includes(`version ${COMPOSE_VERSION}`);
  } catch {
    return false;
  }
}
