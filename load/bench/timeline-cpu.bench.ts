/**
 * Server CPU per timeline read: the timeline function (served exactly as the Node host serves it,
 * `serveFunction`, TCP Redis adapter, shedding off) and bare Hono (`GET /hello`) run in THIS
 * process; autocannon loads them from a child process (autocannon-child.ts). Per round it divides
 * this process's CPU time by the 2xx replies, so the load generator's CPU (k6 in
 * `bench:timeline`) is not in the figure: the number to compare before/after a change to the
 * read path. Cache-hit reads of 20 posts by up to 300 seeded readers.
 *
 *   npm run bench:timeline-cpu                    (table + one JSON line)
 *   BENCH_CPU_PROF=1 npm run bench:timeline-cpu   (+ a .cpuprofile of one extra timeline round)
 * Env: BENCH_ROUNDS (3), BENCH_SECONDS (5), BENCH_CONNECTIONS (50).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { loadConfig } from '#shared/config/app-config.ts';
import { serveFunction } from '#shared/runtime/node/serve-function.ts';
import { timelineFunction } from '#functions/timeline/index.ts';
import { seedUsers } from '../runner/seed.ts';
import { prepareInfrastructure } from '../runner/system-under-test.ts';
import { loadFromChild } from './autocannon-child.ts';
import type { LoadResult } from './autocannon-child.ts';
import { warmReaders } from './timeline-readers.ts';

const env = process.env;
const rounds = Number(env['BENCH_ROUNDS'] ?? 3);
const seconds = Number(env['BENCH_SECONDS'] ?? 5);
const connections = Number(env['BENCH_CONNECTIONS'] ?? 50);
const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

/** One autocannon round from a child process; CPU µs of THIS process per 2xx reply. */
async function round(url: string, readersFile?: string): Promise<LoadResult & { micros: number }> {
  const before = process.cpuUsage();
  const result = await loadFromChild(url, seconds, connections, readersFile);
  const used = process.cpuUsage(before);
  return { ...result, micros: (used.user + used.system) / Math.max(1, result.ok) };
}

const connection = await prepareInfrastructure(['postgres', 'redis']);
const fnEnv = { ...process.env, ...connection, LOG_LEVEL: 'warn', LOAD_SHEDDING: 'off', REDIS_ADAPTER: 'tcp' };
const work = await mkdtemp(join(tmpdir(), 'atlas-timeline-cpu-'));
const seed = await seedUsers({ users: 300, outDir: work, connection });
const timeline = await serveFunction(timelineFunction, { config: loadConfig(fnEnv), env: fnEnv, port: 0, pushMetrics: false });
const bareApp = new Hono();
bareApp.get('/hello', (c) => c.json({ hello: 'world' }));
const bare = await new Promise<Server>((resolve) => {
  const server = serve({ fetch: bareApp.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(server as Server)) as Server;
});
try {
  if (!seed.usersFile) throw new Error(`needs the seeded follow graph: ${seed.note}`);
  const readersFile = join(work, 'readers.json');
  const readers = await warmReaders(timeline.url, seed.usersFile, readersFile);
  if (readers < 10) throw new Error(`only ${readers} readers have a full page`);
  const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/hello`;
  await round(timeline.url, readersFile); // warm-up (JIT, pools)
  const rows: { variant: string; micros: number; rps: number; p99: number; non2xx: number }[] = [];
  for (let i = 0; i < rounds; i += 1) {
    for (const variant of i % 2 === 0 ? ['bare', 'timeline'] : ['timeline', 'bare']) {
      const r = variant === 'bare' ? await round(bareUrl) : await round(timeline.url, readersFile);
      rows.push({ variant, micros: r.micros, rps: r.requestsPerSecond, p99: r.p99Ms, non2xx: r.non2xx });
      console.error(
        `round ${i + 1} ${variant.padEnd(8)} ${r.micros.toFixed(1)} us/req  ${r.requestsPerSecond.toFixed(0)} req/s  p99 ${r.p99Ms} ms  non-2xx ${r.non2xx}`,
      );
    }
  }
  if (env['BENCH_CPU_PROF'] === '1') {
    // One more timeline round, profiled alone, so bare Hono's rounds are not in the profile.
    const session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
    await round(timeline.url, readersFile);
    const { profile } = await session.post('Profiler.stop');
    const file = here(`../reports/timeline-cpu-${new Date().toISOString().replaceAll(':', '-')}.cpuprofile`);
    await writeFile(file, JSON.stringify(profile));
    console.error(`profile: node load/bench/cpu-profile-top.ts ${file}`);
  }
  const best = (variant: string): number => Math.min(...rows.filter((row) => row.variant === variant).map((row) => row.micros));
  const summary = {
    readers,
    bareMicros: round1(best('bare')),
    timelineMicros: round1(best('timeline')),
    cpuRatio: round1(best('bare') / best('timeline'), 3),
  };
  console.log(JSON.stringify(summary));
} finally {
  await timeline.close();
  await new Promise((resolve) => bare.close(resolve));
  await seed.remove();
  await rm(work, { recursive: true, force: true });
}

function round1(value: number, digits = 1): number {
  return Math.round(value * 10 ** digits) / 10 ** digits;
}
