import { fileURLToPath } from 'node:url';
import { ProcessLauncher } from './instance-process.ts';
import { defineInstanceLauncherContract } from './testing/instance-launcher.contract.ts';

// The process launcher forking the sleepy stand-in instance: the contract the in-memory
// launcher passes too (`testing/in-memory-launcher.test.ts`).
const SLEEPY_ENTRY = fileURLToPath(new URL('./testing/sleepy-instance.ts', import.meta.url));
// A module that does not exist: the child exits 1 before it is ready (Node prints why on stderr).
const CRASHING_ENTRY = fileURLToPath(new URL('./testing/no-such-instance.ts', import.meta.url));

defineInstanceLauncherContract('process', {
  connect: () => new ProcessLauncher({ env: process.env, entry: SLEEPY_ENTRY }),
  connectFailing: () => new ProcessLauncher({ env: process.env, entry: CRASHING_ENTRY }),
  kill: (instance) => process.kill(instance.pid, 'SIGKILL'),
});
