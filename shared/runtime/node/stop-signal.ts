/**
 * A second signal this soon after the first is the same Ctrl-C: a terminal sends SIGINT to the
 * whole process group and `npm start` forwards it to its child as well, so the host sees two.
 */
const DUPLICATE_WINDOW_MS = 1_000;

/**
 * Resolves on the first SIGINT or SIGTERM (clean stop); a second one, sent deliberately later,
 * exits at once with 130, for when a clean stop hangs.
 */
export function waitForStopSignal(now: () => number = Date.now): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const first = (signal: NodeJS.Signals): void => {
      const firstAt = now();
      process.off('SIGINT', first);
      process.off('SIGTERM', first);
      const again = (): void => {
        if (now() - firstAt >= DUPLICATE_WINDOW_MS) process.exit(130);
      };
      process.on('SIGINT', again);
      process.on('SIGTERM', again);
      resolve(signal);
    };
    process.on('SIGINT', first);
    process.on('SIGTERM', first);
  });
}
