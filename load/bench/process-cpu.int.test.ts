import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { exitedChildrenCpuSeconds, processCpuSeconds, treeCpuSeconds } from './process-cpu.ts';

// Real processes and the real /proc. A spinner burns the CPU time given in ms (CPU time, not
// wall time: the machine may be busy), then stays alive for `linger` ms.
const spinner = (cpuMs: number, lingerMs: number): string =>
  `const start = process.cpuUsage(); while ((process.cpuUsage(start).user + process.cpuUsage(start).system) / 1000 < ${cpuMs}); setTimeout(() => {}, ${lingerMs});`;

describe('process CPU from /proc', () => {
  it('counts a live process tree, grandchildren included', async () => {
    // The child starts a grandchild, and each burns 300 ms of CPU; both then stay alive.
    const child = spawn(
      process.execPath,
      [
        '-e',
        `require('node:child_process').spawn(process.execPath, ['-e', ${JSON.stringify(spinner(300, 20_000))}], { stdio: 'inherit' }); ${spinner(300, 20_000)}`,
      ],
      { stdio: 'ignore' },
    );
    try {
      let used = 0;
      // Up to 10 s for both to have burnt their CPU on a busy machine.
      for (let waited = 0; used < 0.6 && waited < 10_000; waited += 100) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        used = await treeCpuSeconds(child.pid as number);
      }
      expect(used).toBeGreaterThanOrEqual(0.6);
      expect(used).toBeLessThan(5);
      // The child alone: its own 300 ms, not its grandchild's.
      const own = (await processCpuSeconds(child.pid as number)) ?? 0;
      expect(own).toBeGreaterThanOrEqual(0.3);
      expect(own).toBeLessThan(used - 0.2);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('counts an exited child once it has been waited for', async () => {
    const before = await exitedChildrenCpuSeconds();
    const child = spawn(process.execPath, ['-e', spinner(400, 0)], { stdio: 'ignore' });
    await once(child, 'exit');
    expect((await exitedChildrenCpuSeconds()) - before).toBeGreaterThanOrEqual(0.4);
  });
});
