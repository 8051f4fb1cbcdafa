import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../app/platform-limits.ts';
import { isHeapLimitExit, nodeMemoryExecArgv } from './memory-exec-argv.ts';
import type { InstanceExit } from './memory-exec-argv.ts';

/** Runs `script` in a child Node with `execArgv`, as the platform launches an instance. */
function runNode(execArgv: string[], script: string): Promise<InstanceExit & { stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...execArgv, '-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4096)));
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve({ code, signal, stderrTail: stderr, stdout }));
  });
}

const HEAP_LIMIT_MB = "console.log(require('v8').getHeapStatistics().heap_size_limit / 1048576)";

describe('nodeMemoryExecArgv', () => {
  it("caps the whole V8 heap at the function's memoryMb", async () => {
    expect(nodeMemoryExecArgv(DEFAULT_LIMITS)).toEqual(['--max-heap-size=128']);
    const child = await runNode(nodeMemoryExecArgv({ memoryMb: 96 }), HEAP_LIMIT_MB);
    expect(Number(child.stdout.trim())).toBe(96);
  });

  it('refuses a memory size that is not a positive integer', () => {
    expect(() => nodeMemoryExecArgv({ memoryMb: 0 })).toThrow(RangeError);
    expect(() => nodeMemoryExecArgv({ memoryMb: 12.5 })).toThrow(RangeError);
  });

  it('makes an instance that allocates past its limit die of it, recognisably', async () => {
    const exit = await runNode(nodeMemoryExecArgv({ memoryMb: 32 }), 'const kept = []; for (;;) kept.push(new Array(1e5).fill(1));');
    expect(exit.signal).toBe('SIGABRT');
    expect(isHeapLimitExit(exit)).toBe(true);
    expect(isHeapLimitExit({ code: 1, signal: null, stderrTail: 'Error: listen EADDRINUSE' })).toBe(false);
    expect(isHeapLimitExit({ code: 0, signal: null })).toBe(false);
  }, 20_000);
});
