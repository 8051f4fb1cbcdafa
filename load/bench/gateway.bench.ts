/**
 * `npm run bench:gateway`: what the platform's gateway hop costs. The platform runs in a child
 * process with the users function kept at one warm instance (min = max = 1, so no scaling
 * decision moves the figures); k6 reads one profile (GET /users/{id}) for BENCH_SECONDS (10)
 * with 20 users, first straight at the instance's port, then through the gateway, alternating
 * twice. Prints req/s and p50/p99 of each and the gateway/direct ratios measured in this run.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runK6 } from '../runner/k6-process.ts';
import { prepareInfrastructure } from '../runner/system-under-test.ts';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));
const seconds = Number(process.env['BENCH_SECONDS'] ?? 10);

interface Row {
  readonly variant: string;
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly bad: number;
}

async function main(): Promise<void> {
  const connection = await prepareInfrastructure(['postgres', 'redis', 'redis-rest', 'kafka']);
  const platform = spawn(process.execPath, [here('./gateway-platform.ts')], {
    env: { ...process.env, ...connection, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const ready = await new Promise<{ gateway: string; instance: string; userId: string }>((resolve, reject) => {
      platform.stdout.once('data', (chunk: Buffer) =>
        resolve(JSON.parse(chunk.toString()) as { gateway: string; instance: string; userId: string }),
      );
      platform.once('exit', (code) => reject(new Error(`platform exited with ${code}`)));
    });
    const outDir = await mkdtemp(join(tmpdir(), 'atlas-gateway-bench-'));
    const rows: Row[] = [];
    for (const round of [1, 2]) {
      for (const [variant, base] of [
        ['direct', ready.instance],
        ['gateway', ready.gateway],
      ] as const) {
        const result = await runK6({
          script: here('./k6/get.js'),
          outDir,
          name: `${variant}-${round}`,
          env: { URL: `${base}/users/${ready.userId}`, SECONDS: seconds },
          echo: false,
        });
        const metrics = (JSON.parse(await readFile(result.summaryPath, 'utf8')) as { metrics: Record<string, Record<string, number>> })
          .metrics;
        const duration = metrics['http_req_duration'] ?? {};
        rows.push({
          variant,
          rps: metrics['http_reqs']?.['rate'] ?? 0,
          p50: duration['med'] ?? 0,
          p99: duration['p(99)'] ?? 0,
          bad: metrics['bad_responses']?.['count'] ?? 0,
        });
      }
    }
    print(rows);
  } finally {
    platform.kill('SIGTERM');
  }
}

function print(rows: readonly Row[]): void {
  console.log('\nvariant   req/s    p50 ms  p99 ms  non-200');
  for (const row of rows)
    console.log(
      `${row.variant.padEnd(8)}  ${row.rps.toFixed(0).padStart(6)}  ${row.p50.toFixed(2).padStart(6)}  ${row.p99.toFixed(2).padStart(6)}  ${row.bad}`,
    );
  const mean = (variant: string, pick: (row: Row) => number): number => {
    const of = rows.filter((row) => row.variant === variant);
    return of.reduce((sum, row) => sum + pick(row), 0) / of.length;
  };
  console.log(
    `\ngateway / direct: throughput ${(mean('gateway', (r) => r.rps) / mean('direct', (r) => r.rps)).toFixed(2)}x, p50 ${(mean('gateway', (r) => r.p50) / mean('direct', (r) => r.p50)).toFixed(2)}x, p99 ${(mean('gateway', (r) => r.p99) / mean('direct', (r) => r.p99)).toFixed(2)}x`,
  );
}

await main();
