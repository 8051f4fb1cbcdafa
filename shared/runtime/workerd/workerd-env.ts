import type { EnvRecord } from '../../config/app-config.ts';

/** The bindings the workerd entries read; `wrangler types` generates the full `Env`. */
export interface WorkerdBindings {
  /** Postgres through Hyperdrive (locally: `localConnectionString`). */
  readonly HYPERDRIVE: { readonly connectionString: string };
}

/**
 * Flattens a worker's bindings into the same variable record Node reads from `process.env`,
 * so one config parser serves both runtimes: string vars and secrets as they are, and
 * `DATABASE_URL` from the Hyperdrive binding.
 */
export function envRecordFromBindings(env: WorkerdBindings): EnvRecord {
  const record: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (typeof value === 'string') record[name] = value;
  }
  record['DATABASE_URL'] = env.HYPERDRIVE.connectionString;
  return record;
}
