/**
 * The production-like host: N processes behind one port, pools per instance, a dead instance
 * respawned while its sibling keeps serving, a clean drain on SIGTERM.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const MAIN = fileURLToPath(new URL('./cluster-main.ts', import.meta.url));
const PORT = 18_181;

describe('cluster host', () => {
  it('serves one function from two processes on one port, respawns a killed one, drains on SIGTERM', async () => {
    const child = spawn(process.execPath, [MAIN, '--functions', 'users', '--instances', '2', '--pool-budget', '4'], {
      env: { ...process.env, USERS_PORT: String(PORT), LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const events: Record<string, unknown>[] = [];
    const waitFor = (type: string, timeoutMs = 30_000): Promise<Record<string, unknown>> =>
      new Promise((resolve, reject) => {
        const started = Date.now();
        const poll = setInterval(() => {
          const found = events.find((event) => event['event'] === type);
          if (found) {
            clearInterval(poll);
            resolve(found);
          } else if (Date.now() - started > timeoutMs) {
            clearInterval(poll);
            reject(new Error(`no "${type}" event; got ${JSON.stringify(events)}`));
          }
        }, 50);
      });
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) =>
      events.push(JSON.parse(line) as Record<string, unknown>),
    );
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const ready = (await waitFor('ready')) as { instances: { pid: number; port: number }[] };
      expect(ready.instances).toHaveLength(2);
      expect(new Set(ready.instances.map((instance) => instance.pid)).size).toBe(2);
      expect(ready.instances.every((instance) => instance.port === PORT)).toBe(true);

      process.kill(ready.instances[0]?.pid ?? 0, 'SIGKILL');
      await waitFor('respawn');
      // The sibling (and soon the replacement) keeps the port answering.
      const response = await fetch(`http://127.0.0.1:${PORT}/health/live`, { signal: AbortSignal.timeout(5000) });
      expect(response.status).toBe(200);

      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(events.some((event) => event['event'] === 'stopped')).toBe(true);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 90_000);
});
