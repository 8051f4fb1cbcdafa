/** The machine a figure was measured on: every figure is reported with its load average. */
import { execFile } from 'node:child_process';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { promisify } from 'node:util';
import { k6Binary } from '#local-infra/services/k6.tool.ts';

const run = promisify(execFile);

/** CPU, memory, load average, Node and k6 versions, git commit. */
export async function machineInfo(): Promise<Record<string, string>> {
  const [k6, commit] = await Promise.all([
    run(k6Binary(), ['version']).then(
      (out) => out.stdout.trim().split('\n')[0] ?? '',
      () => 'not installed',
    ),
    run('git', ['rev-parse', '--short', 'HEAD']).then(
      (out) => out.stdout.trim(),
      () => 'unknown',
    ),
  ]);
  return {
    cpu: `${cpus().length} x ${cpus()[0]?.model ?? 'unknown'}`,
    memory: `${(totalmem() / 2 ** 30).toFixed(1)} GiB (${(freemem() / 2 ** 30).toFixed(1)} GiB free)`,
    'load average': loadavg()
      .map((value) => value.toFixed(2))
      .join(' '),
    node: process.version,
    k6,
    commit,
  };
}
