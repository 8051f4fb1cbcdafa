import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInfraConfig, isServiceName } from '../services/index.ts';
import { tailFile } from '../services/log-tail.ts';
import { supervisedPaths } from '../services/supervisor.ts';
import type { CliCommand } from './command.ts';

/** `logs <svc> [-f] [-n N]`: print the end of a service log, optionally follow it. */
export const logsCommand: CliCommand = {
  summary: 'show the log of one service (-f to follow, -n lines)',
  usage: 'logs <service> [-f] [-n 50]',
  async run(args) {
    const name = args.find((arg) => !arg.startsWith('-') && !/^\d+$/.test(arg));
    if (!name || !isServiceName(name)) {
      console.error(`usage: logs <service> [-f] [-n 50]`);
      return 2;
    }
    const config = createInfraConfig();
    const { logFile } = supervisedPaths(config.runDir, config.logDir, name);
    if (!existsSync(logFile)) {
      console.error(`${name}: no log yet at ${logFile} (never started here?)`);
      return 1;
    }
    const nIndex = args.indexOf('-n');
    const lines = nIndex >= 0 ? Number(args[nIndex + 1] ?? 50) : 50;
    if (!args.includes('-f')) {
      console.log(await tailFile(logFile, lines));
      return 0;
    }
    // `tail -F` already handles rotation and truncation; no need to reimplement it.
    const child = spawn('tail', ['-n', String(lines), '-F', logFile], { stdio: 'inherit' });
    return new Promise((resolve) => child.once('close', (code) => resolve(code ?? 0)));
  },
};
