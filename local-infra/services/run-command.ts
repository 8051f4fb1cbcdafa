import { spawn } from 'node:child_process';

/** Options of `runCommand`. */
export interface RunCommandOptions {
  readonly env?: Readonly<Record<string, string>>;
  readonly cwd?: string;
  readonly signal?: AbortSignal;
  readonly uid?: number;
  readonly gid?: number;
  readonly timeoutMs?: number;
}

/**
 * Runs a command to completion, capturing output; rejects with the command's last output
 * lines when it exits non-zero (install and bootstrap steps need that in their errors).
 */
export function runCommand(command: string, args: readonly string[], options: RunCommandOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      signal: options.signal,
      uid: options.uid,
      gid: options.gid,
      timeout: options.timeoutMs,
    });
    let output = '';
    const keep = (chunk: Buffer): void => {
      output = (output + chunk.toString('utf8')).slice(-16_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.once('error', reject);
    child.once('close', (code, signal) => {
      if (code === 0) return resolve(output);
      const tail = output.trim().split('\n').slice(-15).join('\n');
      reject(new Error(`${command} ${args.join(' ')} exited with ${code ?? signal}\n${tail}`));
    });
  });
}
