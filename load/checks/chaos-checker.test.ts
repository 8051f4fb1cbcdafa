import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkChaos } from './chaos-checker.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'chaos-checker-'));
  await writeFile(join(dir, 'summary.json'), JSON.stringify({ metrics: { http_req_duration: { max: 120 } } }));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const run = (logPath: string) => checkChaos({ logPath, summaryPath: join(dir, 'summary.json'), connection: {}, deadlineMs: 2_000 });

describe('checkChaos never passes by default', () => {
  it('fails the acknowledged-posts check when the k6 log is missing', async () => {
    const checks = await run(join(dir, 'no-such-log.json'));
    const acked = checks.find((c) => c.name.startsWith('acknowledged posts'));
    expect(acked?.passed).toBe(false);
    expect(acked?.detail).toMatch(/missing or unreadable/);
  });

  it('fails it when the log holds no acknowledged post', async () => {
    const log = join(dir, 'k6.log');
    await writeFile(log, `${JSON.stringify({ msg: 'iteration started' })}\n`);
    const acked = (await run(log)).find((c) => c.name.startsWith('acknowledged posts'));
    expect(acked?.passed).toBe(false);
    expect(acked?.detail).toMatch(/no post was acknowledged/);
  });

  it('fails it when the log cannot be parsed', async () => {
    const log = join(dir, 'k6.log');
    await writeFile(log, 'ACK {not json\n');
    expect((await run(log)).find((c) => c.name.startsWith('acknowledged posts'))?.passed).toBe(false);
  });
});
