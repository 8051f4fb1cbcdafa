import { execFile } from 'node:child_process';
import { join } from 'node:path';
import type { InfraConfig } from './config.ts';
import { runCommand } from './run-command.ts';

/** How services are run: native processes, or `docker compose` when an engine answers. */
export type InfraMode = 'native' | 'docker';

let detected: Promise<boolean> | undefined;

/** True when `docker info` succeeds within 5 s (a client without an engine fails fast). */
export function dockerEngineAnswers(): Promise<boolean> {
  detected ??= new Promise((resolve) => {
    execFile('docker', ['info', '--format', '{{.ServerVersion}}'], { timeout: 5_000 }, (error) => resolve(!error));
  });
  return detected;
}

/** ATLAS_INFRA=native|docker wins; otherwise docker when an engine answers, else native. */
export async function resolveInfraMode(env: Readonly<Record<string, string | undefined>>): Promise<InfraMode> {
  const forced = env['ATLAS_INFRA'];
  if (forced === 'native' || forced === 'docker') return forced;
  if (forced) throw new Error(`ATLAS_INFRA must be "native" or "docker", got "${forced}"`);
  return (await dockerEngineAnswers()) ? 'docker' : 'native';
}

/** Runs `docker compose <args>` against the repo's compose file. */
export function compose(config: InfraConfig, args: readonly string[], signal?: AbortSignal): Promise<string> {
  return runCommand('docker', ['compose', '-f', join(config.repoRoot, 'docker-compose.yml'), ...args], { cwd: config.repoRoot, signal });
}
