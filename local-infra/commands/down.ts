import { stopServices } from '../services/index.ts';
import type { CliCommand } from './command.ts';

/** `down [svc..]`: stop services we started (SIGTERM, SIGKILL after a grace period). */
export const downCommand: CliCommand = {
  summary: 'stop services started by local-infra',
  usage: 'down [service...]',
  async run(args) {
    const result = await stopServices(args.length > 0 ? args : undefined);
    for (const [name, outcome] of Object.entries(result)) console.log(`${name.padEnd(11)} ${outcome}`);
    return 0;
  },
};
