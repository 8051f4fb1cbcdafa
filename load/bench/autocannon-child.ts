import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { onCpus } from '../runner/cpu-affinity.ts';

const LOAD_SCRIPT = fileURLToPath(new URL('./middleware-load.ts', import.meta.url));

/** What one load round reports (middleware-load.ts prints it as its last line). */
export interface LoadResult {
  readonly ok: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly seconds: number;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/**
 * Runs autocannon against `url` from a child process (middleware-load.ts), so the load
 * generator never shares an event loop, nor a CPU-time figure, with the server under test.
 * With `readersFile` it reads each reader's home timeline in turn instead; with `cpus` it runs on those cores only.
 */
export function loadFromChild(url: string, seconds: number, connections: number, readersFile?: string, cpus?: string): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const [command, args] = onCpus(cpus, process.execPath, [
      LOAD_SCRIPT,
      url,
      String(seconds),
      String(connections),
      ...(readersFile ? [readersFile] : []),
    ]);
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split('\n').pop() as string) as LoadResult)
        : reject(new Error(`load generator exited with ${code}`)),
    );
  });
}
