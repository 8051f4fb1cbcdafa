/**
 * vitest globalSetup of the `integration` project: brings every local service up (installing
 * what is missing on a fresh machine), applies migrations, and hands the connection settings
 * to the tests. Services are shared and left running afterwards (others use them too).
 */
import type { TestProject } from 'vitest/node';
import { migrate } from '../commands/migrate.ts';
import { connectionEnv, consoleProgress, createInfraConfig, ensureUp, type ConnectionEnv } from '../services/index.ts';
import { silenceKnownWarnings } from '../services/known-warnings.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** DATABASE_URL, REDIS_URL, KAFKA_BROKERS, S3_* ... of the shared local instance. */
    infra: ConnectionEnv;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  silenceKnownWarnings();
  const started = Date.now();
  const config = createInfraConfig();
  await ensureUp(undefined, { config, progress: consoleProgress });
  const output = await migrate({ config, progress: consoleProgress });
  if (output?.trim()) process.stderr.write(`[infra] migrations:\n${output.trim()}\n`);
  const env = connectionEnv(config);
  // Workers are forked after this runs, so they inherit these (an explicit env still wins).
  for (const [name, value] of Object.entries(env)) process.env[name] ??= value;
  project.provide('infra', env);
  process.stderr.write(`[infra] services ready for integration tests in ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
}
