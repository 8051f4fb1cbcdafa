import { join } from 'node:path';
import { InfraError } from './errors.ts';
import { commandWorks } from './java.ts';
import { step, type ProgressReporter } from './progress.ts';
import { runCommand } from './run-command.ts';

/**
 * A program local-infra builds from its Go source at a pinned release (MinIO, k6, Toxiproxy,
 * Compose): Debian 12's packages are too old or missing, and the Go module proxy is reachable
 * where release downloads are not.
 */
export interface GoProgram {
  /** Service or tool name, for progress lines and errors. */
  readonly name: string;
  /** `go install` target without the version, e.g. `go.k6.io/k6` or `.../toxiproxy/v2/cmd/server`. */
  readonly installPath: string;
  readonly version: string;
  /** Where the binary goes (its folder is GOBIN). */
  readonly binary: string;
  /**
   * Build inside the downloaded module instead of `go install path@version`: needed when the
   * module's go.mod has replace or exclude directives, which `go install` refuses. `package` is
   * the main package relative to the module root, e.g. `./cmd`.
   */
  readonly inModule?: { readonly package: string; readonly ldflags?: string };
  /** How long the first build takes, for the progress line (e.g. "a few minutes"). */
  readonly expected: string;
  readonly port?: number;
}

/** Builds the program (no cache check: the caller decides whether its binary is current). */
export async function buildGoProgram(program: GoProgram, progress: ProgressReporter, signal?: AbortSignal): Promise<void> {
  const { name, installPath, version, binary } = program;
  const fail = (message: string, cause?: unknown): InfraError =>
    new InfraError({
      code: 'INSTALL_FAILED',
      service: name,
      ...(program.port === undefined ? {} : { port: program.port }),
      message: `${name}: ${message}`,
      cause,
    });
  if (!(await commandWorks('go', ['version']))) {
    throw fail(`Go is needed to build ${name} from source, but \`go\` is not on PATH; install Go >= 1.24 (Debian 12's golang is too old)`);
  }
  const options = { env: { CGO_ENABLED: '0', GOBIN: join(binary, '..') }, ...(signal ? { signal } : {}) };
  const label = `${installPath}@${version} (first time: ${program.expected})`;
  try {
    if (!program.inModule) {
      await step(progress, name, `go install ${label}`, () => runCommand('go', ['install', `${installPath}@${version}`], options), {
        install: true,
      });
      return;
    }
    const { package: main, ldflags } = program.inModule;
    const moduleDir = await step(progress, name, `go mod download ${installPath}@${version}`, () =>
      runCommand('go', ['mod', 'download', '-json', `${installPath}@${version}`], options).then(downloadedDir),
    );
    // The module cache's copy is read-only to Go: -o writes the binary elsewhere, nothing there changes.
    const args = ['build', '-trimpath', ...(ldflags ? ['-ldflags', ldflags] : []), '-o', binary, main];
    await step(progress, name, `go build ${label}`, () => runCommand('go', args, { ...options, cwd: moduleDir }), { install: true });
  } catch (error) {
    throw fail(`building from source failed: ${(error as Error).message}`, error);
  }
}

function downloadedDir(json: string): string {
  const dir = (JSON.parse(json) as { Dir?: unknown }).Dir;
  if (typeof dir !== 'string' || dir === '') throw new Error(`go mod download named no module directory: ${json.slice(0, 500)}`);
  return dir;
}
