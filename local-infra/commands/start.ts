import { probeReady } from '../node-host/probe-ready.ts';
import { waitForStopSignal } from '../node-host/stop-signal.ts';
import { formatUrlTable } from '../node-host/url-table.ts';
import { faultsEnabled } from '../faults/proxies.ts';
import { connectionEnv, consoleProgress, createInfraConfig, ensureUp } from '../services/index.ts';
import { formatInstallSummary, recordInstalls } from '../services/progress.ts';
import type { CliCommand } from './command.ts';
import { migrate } from './migrate.ts';

/**
 * `start` (`npm start`): every local service up (installing what is missing), migrations
 * applied, every function served on Node on its port; prints the URL table and stays in the
 * foreground. Ctrl-C / SIGTERM: readiness turns 503, in-flight requests finish, pools close.
 * `--faults` (or ATLAS_FAULTS=1): Toxiproxy too, and functions reach every dependency through it.
 */
export const startCommand: CliCommand = {
  summary: 'infra up + migrate + serve every function on Node (foreground, Ctrl-C stops)',
  usage: 'start [--faults]',
  async run(args) {
    const started = Date.now();
    // Loaded here, not at the top: every CLI command imports this file, and the functions pull
    // in every client library.
    const [{ FUNCTIONS }, { loadConfig }, { startNodeHost }] = await Promise.all([
      import('#functions/registry.ts'),
      import('#shared/config/app-config.ts'),
      import('../node-host/node-host.ts'),
    ]);
    const faults = args.includes('--faults') || faultsEnabled(process.env);
    const infra = createInfraConfig({ env: { ...process.env, ATLAS_FAULTS: faults ? '1' : '0' } });
    const installs = recordInstalls(consoleProgress);
    await ensureUp(undefined, { config: infra, progress: installs.progress });
    await migrate({ config: infra });
    // The running services' addresses; an explicitly set variable still wins.
    const config = loadConfig({ ...connectionEnv(infra), ...process.env });
    const host = await startNodeHost({ functions: FUNCTIONS, config });
    const rows = await Promise.all(
      host.functions.map(async (fn) => ({
        function: fn.name,
        runtime: 'node',
        url: fn.url,
        health: `${fn.url}/health/deep`,
        ready: await probeReady(fn.url),
      })),
    );
    console.log(`\n${formatUrlTable(rows)}\n`);
    console.log(formatInstallSummary(installs.installed()));
    if (faults) console.log('Faults on: every dependency is reached through Toxiproxy (npm run fault -- list).');
    console.log(`Atlas Edge up in ${((Date.now() - started) / 1000).toFixed(1)}s. Ctrl-C stops the functions (services keep running: npm run infra:down).`);

    const signal = await waitForStopSignal();
    console.log(`\n${signal}: draining ${host.functions.length} function(s)...`);
    await host.close();
    console.log('stopped.');
    return 0;
  },
};
