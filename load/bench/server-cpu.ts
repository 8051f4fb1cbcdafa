/**
 * CPU time of a bench's server process, asked for over the IPC channel around each load round
 * (CPU per request is robust to a noisy machine where req/s is not: see docs/performance.md).
 */
import type { ChildProcess } from 'node:child_process';

/** In the server process: answer every `'cpu'` message with this process's user + system CPU. */
export function answerCpuQueries(): void {
  process.on('message', (message) => {
    if (message !== 'cpu') return;
    const usage = process.cpuUsage();
    process.send?.({ cpuMicros: usage.user + usage.system });
  });
}

/** In the bench: the server's CPU time so far, in microseconds. */
export function serverCpuMicros(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    child.once('message', (message: { cpuMicros: number }) => resolve(message.cpuMicros));
    child.send('cpu');
  });
}
