import { afterEach, describe, expect, it, vi } from 'vitest';
import { waitForStopSignal } from './stop-signal.ts';

describe('stop signal of the Node host', () => {
  afterEach(() => {
    process.removeAllListeners('SIGINT');
    process.removeAllListeners('SIGTERM');
    vi.restoreAllMocks();
  });

  it('treats the Ctrl-C npm forwards right after the terminal\'s as the same stop, and a later one as "exit now"', async () => {
    let clock = 0;
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    const stop = waitForStopSignal(() => clock);
    process.emit('SIGINT', 'SIGINT');
    await expect(stop).resolves.toBe('SIGINT');
    clock = 200;
    process.emit('SIGINT', 'SIGINT');
    expect(exit).not.toHaveBeenCalled();
    clock = 1_500;
    process.emit('SIGTERM', 'SIGTERM');
    expect(exit).toHaveBeenCalledWith(130);
  });
});
