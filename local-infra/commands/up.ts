import { consoleProgress, ensureUp, type EnsureUpResult } from '../services/index.ts';
import { formatInstallSummary, recordInstalls } from '../services/progress.ts';
import type { CliCommand } from './command.ts';

/** `up [svc..]`: install what is missing, start, wait for health. */
export const upCommand: CliCommand = {
  summary: 'install (if missing) and start services, wait until healthy',
  usage: 'up [service...]',
  async run(args) {
    const started = Date.now();
    const installs = recordInstalls(consoleProgress);
    const results: EnsureUpResult[] = await ensureUp(args.length > 0 ? args : undefined, { progress: installs.progress });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`infra up in ${seconds}s: ${results.map((r) => `${r.name} (${r.outcome})`).join(', ')}`);
    console.log(formatInstallSummary(installs.installed()));
    return 0;
  },
};
