import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { processCpuSeconds } from './process-cpu.ts';

/** A REST endpoint running in its own process, as in the deployment (not sharing our CPU thread). */
export interface RestEndpointProcess {
  readonly url: string;
  readonly pid: number;
  /** CPU seconds (user + system) the process has used so far; `undefined` off Linux. */
  cpuSeconds(): Promise<number | undefined>;
  stop(): Promise<void>;
}

const ENTRY = join(import.meta.dirname, '..', '..', 'local-infra', 'redis-rest', 'main.ts');

/** Starts `local-infra/redis-rest/main.ts` on a free port and waits for its URL line. */
export async function startRestEndpoint(redisUrl: string, token: string): Promise<RestEndpointProcess> {
  const child: ChildProcess = spawn(process.execPath, [ENTRY], {
    env: { ...process.env, REDIS_URL: redisUrl, REDIS_REST_TOKEN: token, REDIS_REST_PORT: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`REST endpoint did not start: ${output}`)), 10_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`REST endpoint exited with ${String(code)}: ${output}`)));
  });
  const pid = child.pid as number;
  return {
    url,
    pid,
    cpuSeconds: () => processCpuSeconds(pid),
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
