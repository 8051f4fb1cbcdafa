import { describe, expect, it } from 'vitest';
import type { InstanceLauncher, LaunchedInstance } from '../instance-launcher.ts';

/** How the contract suite gets launchers to test. */
export interface InstanceLauncherContractOptions {
  /** A launcher whose instances start. */
  readonly connect: () => InstanceLauncher;
  /** A launcher whose next launch fails as a crashing process would. */
  readonly connectFailing: () => InstanceLauncher;
  /** Ends an instance from outside, as the OS killing its process would. */
  readonly kill: (instance: LaunchedInstance) => void;
}

/**
 * What the instance pool relies on from a launcher, as vitest tests: run against the process
 * launcher (`instance-process.int.test.ts`) and the in-memory one the pool's unit tests use.
 */
export function defineInstanceLauncherContract(name: string, options: InstanceLauncherContractOptions): void {
  describe(`InstanceLauncher contract: ${name}`, () => {
    it('launches ready instances, each on a port of its own; stop resolves, twice too, and reports no exit', async () => {
      const launcher = options.connect();
      const [a, b] = await Promise.all([launcher.launch('sleepy'), launcher.launch('sleepy')]);
      expect(a?.port).toBeGreaterThan(0);
      expect(b?.port).toBeGreaterThan(0);
      expect(a?.port).not.toBe(b?.port);
      const exits: string[] = [];
      for (const instance of [a, b]) instance?.onExit((detail) => exits.push(detail));
      await Promise.all([a?.stop(), b?.stop()]);
      await expect(a?.stop()).resolves.toBeUndefined();
      expect(exits).toEqual([]);
    });

    it('reports once, with a detail, an instance that exits without being asked', async () => {
      const instance = await options.connect().launch('sleepy');
      const exits: string[] = [];
      instance.onExit((detail) => exits.push(detail));
      options.kill(instance);
      await expect.poll(() => exits.length).toBe(1);
      expect(exits[0]).toMatch(/\S/);
      await expect(instance.stop()).resolves.toBeUndefined();
      expect(exits).toHaveLength(1);
    });

    it('rejects a launch whose instance fails before it is ready', async () => {
      await expect(options.connectFailing().launch('sleepy')).rejects.toThrow(Error);
    });
  });
}
