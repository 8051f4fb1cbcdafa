/**
 * CI smoke: `npm run load -- smoke` (tens of seconds of the request mix at a low rate against
 * every function on the production-like Node host) must pass its thresholds: errors <= 1%,
 * no 5xx, no dropped connection, no reply past its deadline. No latency bound: CI is noisy.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureK6 } from '#local-infra/services/k6.tool.ts';
import { consoleProgress } from '#local-infra/services/index.ts';

const RUN = fileURLToPath(new URL('./run.ts', import.meta.url));

function runLoad(args: readonly string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [RUN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
    child.stderr.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

describe('k6 smoke run', () => {
  let outDir = '';
  beforeAll(async () => {
    // First time on a machine: go install of the pinned k6 (minutes).
    await ensureK6({ progress: consoleProgress });
    outDir = await mkdtemp(join(tmpdir(), 'atlas-smoke-'));
  }, 900_000);
  afterAll(async () => {
    if (outDir) await rm(outDir, { recursive: true, force: true });
  });

  it('passes its thresholds against every function', async () => {
    const { code, output } = await runLoad(['smoke', '--out', outDir, '--seed-users', '300', '--duration', '20s']);
    expect(code, output).toBe(0);
    const report = JSON.parse(await readFile(join(outDir, 'report.json'), 'utf8')) as {
      runs: { thresholdsPassed: boolean; summary: { metrics: Record<string, Record<string, number>> } }[];
      mix: { weights: Record<string, number> };
    };
    const metrics = report.runs[0]?.summary.metrics ?? {};
    expect(report.runs[0]?.thresholdsPassed).toBe(true);
    // The run did real work (50 req/s for 20 s), not an empty pass.
    expect(metrics['http_reqs']?.['count']).toBeGreaterThan(800);
    expect(metrics['server_errors_5xx']?.['count']).toBe(0);
    expect(Object.keys(report.mix.weights).length).toBeGreaterThan(0);
  }, 600_000);
});
