import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { FunctionDefinition } from '#shared/app/function-definition.ts';
import { probeReady } from '../node-host/probe-ready.ts';
import { formatUrlTable } from '../node-host/url-table.ts';
import { connectionEnv, createInfraConfig, ensureUp } from '../services/index.ts';
import type { CliCommand } from './command.ts';
import { migrate } from './migrate.ts';

/** Vars of wrangler.toml that follow the local services' (overridable) addresses. */
const FOLLOWED_VARS = [
  'UPSTASH_REDIS_REST_URL',
  'UPSTASH_REDIS_REST_TOKEN',
  'KAFKA_BROKERS',
  'S3_ENDPOINT',
  'S3_ACCESS_KEY_ID',
  'S3_SECRET_ACCESS_KEY',
] as const;

/**
 * `dev` (`npm run dev`): services up and migrated, then `wrangler dev` serving every function in
 * workerd through the dev gateway (`/users*` -> users, `/<fn>/health*` -> each function's
 * health). Postgres goes through the Hyperdrive binding's local connection string.
 */
export const devCommand: CliCommand = {
  summary: 'infra up + migrate + wrangler dev (every function in workerd, one port)',
  usage: 'dev [wrangler dev args...]',
  async run(args) {
    const infra = createInfraConfig();
    await ensureUp(undefined, { config: infra });
    await migrate({ config: infra });
    const env = connectionEnv(infra);
    const port = infra.port('WRANGLER_DEV_PORT');
    const vars = FOLLOWED_VARS.flatMap((name) => ['--var', `${name}:${process.env[name] ?? env[name]}`]);
    const wrangler = join(infra.repoRoot, 'node_modules', '.bin', 'wrangler');
    const child = spawn(wrangler, ['dev', '--ip', '127.0.0.1', '--port', String(port), ...vars, ...args], {
      cwd: infra.repoRoot,
      stdio: 'inherit',
      env: {
        ...process.env,
        // Wins over localConnectionString in wrangler.toml, so a moved POSTGRES_PORT follows.
        CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE: process.env['DATABASE_URL'] ?? env.DATABASE_URL,
        WRANGLER_SEND_METRICS: 'false',
        // request.cf comes from workers.cloudflare.com; locally the placeholder is enough.
        CLOUDFLARE_CF_FETCH_ENABLED: process.env['CLOUDFLARE_CF_FETCH_ENABLED'] ?? 'false',
      },
    });
    const base = `http://127.0.0.1:${port}`;
    // Imported lazily: every CLI command loads this file, and the functions pull in every client library.
    const { FUNCTIONS } = await import('#functions/registry.ts');
    void announceWhenReady(base, FUNCTIONS, child);
    // Event and schedule triggers: Kafka batches pushed to the workers through the gateway.
    const [{ loadConfig }, { startDevTriggers }] = await Promise.all([
      import('#shared/config/app-config.ts'),
      import('../node-host/dev-triggers.ts'),
    ]);
    const triggers = startDevTriggers(base, FUNCTIONS, loadConfig({ ...env, ...process.env }));

    const forward = (signal: NodeJS.Signals): void => void child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    const code = await new Promise<number>((resolve) => child.once('exit', (exitCode) => resolve(exitCode ?? 0)));
    process.off('SIGINT', forward);
    process.off('SIGTERM', forward);
    await triggers.stop();
    return code;
  },
};

/** Waits for the gateway to answer, then prints the URL table once. */
async function announceWhenReady(
  base: string,
  functions: readonly FunctionDefinition[],
  child: { exitCode: number | null },
): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline && child.exitCode === null) {
    try {
      const response = await fetch(base, { signal: AbortSignal.timeout(1000) });
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  if (child.exitCode !== null) return;
  const rows = await Promise.all(
    functions.map(async (fn) => ({
      function: fn.name,
      runtime: 'workerd',
      url: `${base}${fn.routePrefixes[0] ?? ''}`,
      health: `${base}/${fn.name}/health/deep`,
      ready: await probeReady(`${base}/${fn.name}`),
    })),
  );
  console.log(`\n${formatUrlTable(rows)}\n`);
}
