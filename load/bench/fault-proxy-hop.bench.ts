/**
 * `npm run bench:fault-proxy`: latency the Toxiproxy hop adds, with no toxic set. Sequential
 * round trips (one connection each) of Redis PING and Postgres SELECT 1, direct and proxied.
 */
import { Redis } from 'ioredis';
import postgres from 'postgres';
import { connectionEnv, createInfraConfig, ensureUp, silentProgress } from '#local-infra/services/index.ts';

const ROUNDS = Number(process.env['ROUNDS'] ?? 2_000);

async function timed(run: () => Promise<unknown>): Promise<{ p50: number; p99: number }> {
  for (let i = 0; i < 200; i += 1) await run(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < ROUNDS; i += 1) {
    const started = performance.now();
    await run();
    samples.push((performance.now() - started) * 1000);
  }
  samples.sort((a, b) => a - b);
  return { p50: samples[Math.floor(ROUNDS * 0.5)] ?? 0, p99: samples[Math.floor(ROUNDS * 0.99)] ?? 0 };
}

const infra = createInfraConfig();
await ensureUp(['postgres', 'redis', 'toxiproxy'], { config: infra, progress: silentProgress });
const rows: string[] = ['| call | path | p50 µs | p99 µs |', '| --- | --- | ---: | ---: |'];
for (const proxied of [false, true]) {
  const env = connectionEnv(infra, { throughFaultProxies: proxied });
  const redis = new Redis(env.REDIS_URL, { lazyConnect: true });
  await redis.connect();
  const sql = postgres(env.DATABASE_URL, { max: 1 });
  const path = proxied ? 'Toxiproxy' : 'direct';
  const ping = await timed(() => redis.ping());
  const select = await timed(() => sql`select 1`);
  rows.push(`| Redis PING | ${path} | ${ping.p50.toFixed(0)} | ${ping.p99.toFixed(0)} |`);
  rows.push(`| Postgres SELECT 1 | ${path} | ${select.p50.toFixed(0)} | ${select.p99.toFixed(0)} |`);
  redis.disconnect();
  await sql.end();
}
console.log(`${rows.join('\n')}\n(${ROUNDS} sequential calls each)`);
