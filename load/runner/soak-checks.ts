/** Verdicts of a soak run from the system samples: memory and connections stay flat. */
import type { CheckResult, RunSection } from '../report/report-model.ts';

/** RSS growth allowed between the second fifth of the run (after warm-up) and the last fifth. */
export const MAX_RSS_GROWTH = 0.2;

const mean = (values: readonly number[]): number => values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);

/** Memory per function instance and Postgres connections over the run. */
export function soakChecks(run: RunSection, poolBudget: number): CheckResult[] {
  const samples = run.samples;
  const fifth = Math.max(1, Math.floor(samples.length / 5));
  const early = samples.slice(fifth, 2 * fifth);
  const late = samples.slice(-fifth);
  const labels = new Set(samples.flatMap((sample) => Object.keys(sample.processes)));
  const checks: CheckResult[] = [];
  for (const label of [...labels].sort()) {
    const rss = (list: typeof samples): number =>
      mean(list.map((sample) => sample.processes[label]?.rssMb ?? Number.NaN).filter(Number.isFinite));
    const before = rss(early);
    const after = rss(late);
    const growth = (after - before) / before;
    checks.push({
      name: `memory flat: ${label}`,
      passed: Number.isFinite(growth) && growth < MAX_RSS_GROWTH,
      detail: `RSS ${before.toFixed(1)} MiB (2nd fifth) -> ${after.toFixed(1)} MiB (last fifth): ${(growth * 100).toFixed(1)}% (limit ${MAX_RSS_GROWTH * 100}%)`,
    });
  }
  const pg = samples.map((sample) => sample.pgConnections?.total).filter((value): value is number => value !== undefined);
  const maxPg = Math.max(...pg);
  // Other sessions on this machine share the database: allow them a little room.
  const limit = poolBudget + 15;
  checks.push({
    name: 'postgres connections bounded',
    passed: pg.length > 0 && maxPg <= limit,
    detail: `max ${maxPg} connections in pg_stat_activity (pool budget ${poolBudget} + 15 for the sampler and other sessions); first ${pg[0]}, last ${pg.at(-1)}`,
  });
  const redis = samples
    .map((sample) => sample.redisClients)
    .filter((value): value is number => value !== undefined && Number.isFinite(value));
  const redisEarly = mean(redis.slice(fifth, 2 * fifth));
  const redisLate = mean(redis.slice(-fifth));
  checks.push({
    name: 'redis clients flat',
    passed: redis.length > 0 && redisLate <= redisEarly + 5,
    detail: `connected_clients ${redisEarly.toFixed(1)} (2nd fifth) -> ${redisLate.toFixed(1)} (last fifth)`,
  });
  return checks;
}
