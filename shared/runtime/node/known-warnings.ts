/**
 * Drops Node's TimeoutNegativeWarning, which kafkajs 2.2.4 triggers on Node >= 23 on every
 * connection (tulios/kafkajs#1751, harmless: the timer is clamped to 1 ms). Every other
 * warning is still printed. Call once from a process entry point (CLI, vitest globalSetup).
 */
export function silenceKnownWarnings(): void {
  const listeners = process.listeners('warning');
  process.removeAllListeners('warning');
  process.on('warning', (warning) => {
    if (warning.name === 'TimeoutNegativeWarning') return;
    if (listeners.length === 0) console.warn(`(node:${process.pid}) ${warning.name}: ${warning.message}`);
    for (const listener of listeners) listener(warning);
  });
}
