import { defineInstanceLauncherContract } from './instance-launcher.contract.ts';
import { InMemoryLauncher, type FakeInstance } from './in-memory-launcher.ts';

// The launcher the pool's unit tests use, held to the contract the process launcher passes
// (`instance-process.int.test.ts`).
defineInstanceLauncherContract('in-memory', {
  connect: () => new InMemoryLauncher(10),
  connectFailing: () => {
    const launcher = new InMemoryLauncher(10);
    launcher.failNext = 'exited with 1 before it was ready';
    return launcher;
  },
  kill: (instance) => (instance as FakeInstance).crash('SIGKILL'),
});
