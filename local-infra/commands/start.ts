import { waitForStopSignal } from '#shared/runtime/node/stop-signal.ts';
import { formatUrlTable } from '../node-host/url-table.ts';
import { faultsEnabled } from '../faults/proxies.ts';
import { connectionEnv, consoleProgress, createInfraConfig, ensureUp } from '../services/index.ts';
import { formatInstallSummary, recordInstalls } from '../services/progress.ts';
import type { CliCommand } from './command.ts';
import { migrate } from './migrate.ts';

/**
 * `start` (`npm start`): every local service up (installing what is missing), migrations
 * applied, then the serverless platform on Node: one gateway origin (GATEWAY_PORT, 8080) in
 * front of each function's instances, which scale with load and to zero (local-infra/platform).
 * Prints the URL table and stays in the foreground. Ctrl-C / SIGTERM: the gateway stops taking
 * requests, every instance drains, the triggers stop, pools close.
 * `--faults` (or ATLAS_FAULTS=1): Toxiproxy too, and functions reach every dependency through it.
 */
export const startCommand: CliCommand = {
  summary: 'infra up + migrate + the platform on Node: gateway, elastic instances (foreground, Ctrl-C stops)',
  usage: 'start [--faults]',
  async run(args) {
    const started = Date.now();
    // Loaded here, not at the top: every CLI command imports this file, and the functions pull
    // in every client library.
    const [{ FUNCTIONS }, { loadConfigOrExit }, { startPlatform }, { scalingOf }] = await Promise.all([
      import('#functions/registry.ts'),
      import('#shared/runtime/node/load-config-or-exit.ts'),
      import('../platform/platform.ts'),
      import('#shared/app/scaling.ts'),
    ]);
    const faults = args.includes('--faults') || faultsEnabled(process.env);
    const infra = createInfraConfig({ env: { ...process.env, ATLAS_FAULTS: faults ? '1' : '0' } });
    // The services' addresses; an explicitly set variable still wins. Checked before anything
    // starts: a refused configuration (e.g. production mode with a dev secret) costs nothing.
    const env = { ...connectionEnv(infra), ...process.env };
    const config = loadConfigOrExit(env);
    const installs = recordInstalls(consoleProgress);
    await ensureUp(undefined, { config: infra, progress: installs.progress });
    await migrate({ config: infra });
    const platform = await startPlatform({ functions: FUNCTIONS, config, env });
    // Listening before the ready lines: a Ctrl-C sent as soon as they appear must find its handler.
    const stopSignal = waitForStopSignal();
    const origin = platform.gateway.url;
    const rows = FUNCTIONS.map((fn) => {
      const scaling = scalingOf(fn);
      return {
        function: fn.name,
        runtime: 'node',
        url: fn.routePrefixes.map((prefix) => `${origin}${prefix}`).join(' '),
        health: `${origin}/${fn.name}/health/deep`,
        instances: `${platform.pools.get(fn.name)?.activeCount ?? 0} now, ${scaling.minInstances}-${scaling.maxInstances}`,
      };
    });
    console.log(`\n${formatUrlTable(rows)}\n`);
    console.log(formatInstallSummary(installs.installed()));
    if (faults) console.log('Faults on: every dependency is reached through Toxiproxy (npm run fault -- list).');
    console.log(
      `Gateway ${origin} (API docs ${origin}/docs, instances ${origin}/health/deep). Functions at zero start on their first request; idle ones scale back to zero after ${platform.settings.scaleToZeroAfterMs / 1000}s.`,
    );
    console.log(
      `Atlas Edge up in ${((Date.now() - started) / 1000).toFixed(1)}s. Ctrl-C stops the functions (services keep running: npm run infra:down).`,
    );

    const signal = await stopSignal;
    console.log(`\n${signal}: draining ${FUNCTIONS.length} function(s)...`);
    await platform.close();
    console.log('stopped.');
    return 0;
  },
};
