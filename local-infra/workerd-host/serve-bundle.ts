import { resolve } from 'node:path';
import { Log, LogLevel, Miniflare, convertV4MiniflareOptions } from 'miniflare';
import { unstable_getMiniflareWorkerOptions } from 'wrangler';

/** Options of {@link serveWorkerBundle}. */
export interface ServeWorkerBundleOptions {
  /** wrangler env whose bindings the bundle gets (`users`). */
  readonly env: string;
  /** Bundled entry module built by `buildWorkerBundle`. */
  readonly bundlePath: string;
  /** Path of wrangler.toml (default `wrangler.toml`). */
  readonly configPath?: string;
  /** Port (default 0: a free one). */
  readonly port?: number;
  /**
   * Values that replace the env's vars and the Hyperdrive local connection string (from
   * `DATABASE_URL`), so overridden local ports reach the worker. Only names the env already
   * binds are replaced: the worker sees the same binding set as in wrangler.toml.
   */
  readonly overrides?: Readonly<Record<string, string | undefined>>;
  /**
   * Vars added to the env's own (e.g. `ATLAS_ENV`, which local envs leave unset): for tests of
   * a mode the local envs do not bind. Applied after `overrides`.
   */
  readonly extraBindings?: Readonly<Record<string, string>>;
  /** Miniflare log level (default WARN). */
  readonly logLevel?: LogLevel;
  /**
   * Serve `GET /cdn-cgi/local/scheduled?cron=...`, which runs the worker's `scheduled` handler
   * as a cron trigger would (tests of schedule triggers). Default false.
   */
  readonly triggerHandlers?: boolean;
}

/** A worker served by Miniflare. */
export interface ServedWorker {
  readonly url: string;
  dispose(): Promise<void>;
}

/**
 * Serves a wrangler bundle with Miniflare directly (the same workerd `wrangler dev` runs, minus
 * its reload proxy: ~4x the throughput). Bindings come from wrangler.toml through wrangler's
 * own reader, so tests see exactly the configured vars and the Hyperdrive binding.
 */
export async function serveWorkerBundle(options: ServeWorkerBundleOptions): Promise<ServedWorker> {
  const configPath = options.configPath ?? 'wrangler.toml';
  const { workerOptions } = unstable_getMiniflareWorkerOptions(configPath, options.env);
  // The bundle is one self-contained ES module: no module rules needed (Miniflare 5 drops them).
  const { modulesRules: _rules, ...worker } = workerOptions as Record<string, unknown> & {
    bindings?: Record<string, unknown>;
    hyperdrives?: Record<string, unknown>;
  };
  const overrides = options.overrides ?? {};
  const bindings = { ...worker.bindings };
  for (const name of Object.keys(bindings)) {
    const value = overrides[name];
    if (value !== undefined && value !== '') bindings[name] = value;
  }
  Object.assign(bindings, options.extraBindings);
  const hyperdrives = { ...worker.hyperdrives };
  if (overrides['DATABASE_URL']) {
    for (const name of Object.keys(hyperdrives)) hyperdrives[name] = overrides['DATABASE_URL'];
  }
  const miniflare = new Miniflare(
    convertV4MiniflareOptions({
      ...worker,
      bindings,
      hyperdrives,
      name: options.env,
      modules: [{ type: 'ESModule', path: resolve(options.bundlePath) }],
      host: '127.0.0.1',
      port: options.port ?? 0,
      log: new Log(options.logLevel ?? LogLevel.WARN),
      telemetry: { enabled: false },
      // Placeholder request.cf instead of fetching it from workers.cloudflare.com.
      cf: false,
      unsafeTriggerHandlers: options.triggerHandlers ?? false,
    } as Parameters<typeof convertV4MiniflareOptions>[0]),
  );
  const url = await miniflare.ready;
  return { url: url.origin, dispose: () => miniflare.dispose() };
}
