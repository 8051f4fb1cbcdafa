import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { InfraError } from './errors.ts';
import { isProcessAlive } from './supervisor.ts';

/**
 * Runs `fn` holding a per-service lock directory, so two processes (two engineers' test runs,
 * the CLI and vitest) never start the same service twice. A lock whose owner died is taken over.
 */
export async function withServiceLock<T>(runDir: string, service: string, timeoutMs: number, fn: () => Promise<T>): Promise<T> {
  const dir = join(runDir, `${service}.lock`);
  const owner = join(dir, 'owner');
  await mkdir(runDir, { recursive: true });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await mkdir(dir);
      await writeFile(owner, String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(await readFile(owner, 'utf8').catch(() => 'NaN'));
      // A lock without a live owner is stale (crash, or owner not written yet: wait a moment).
      if (Number.isInteger(holder) && !isProcessAlive(holder)) {
        await rm(dir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) {
        throw new InfraError({
          code: 'LOCKED',
          service,
          message: `${service}: another process (pid ${holder}) is starting or stopping it; gave up after ${timeoutMs} ms (remove ${dir} if that is wrong)`,
        });
      }
      await sleep(200);
    }
  }
  try {
    return await fn();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
