import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';

// Graceful shutdown of a real function process (`node functions/users/users.node.ts`): on
// SIGTERM it stops accepting connections, lets the request in flight finish, closes its pools,
// pushes its last metrics and exits 0.

let child: ChildProcess | undefined;

afterAll(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
});

function start(): Promise<{ port: number; exited: Promise<number | null> }> {
  child = spawn(process.execPath, ['functions/users/users.node.ts'], {
    env: { ...process.env, USERS_PORT: '0', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child?.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('users did not start')), 20_000);
    createInterface({ input: child?.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      const match = /"url":"http:\/\/127\.0\.0\.1:(\d+)"/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve({ port: Number(match[1]), exited });
      }
    });
  });
}

describe('graceful shutdown on SIGTERM', () => {
  it('finishes the in-flight request, refuses new connections and exits 0', async () => {
    const { port, exited } = await start();
    const body = JSON.stringify({ handle: `drain_${Date.now().toString(36)}`, password: 'drain-test-password', displayName: 'Drain' });
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    // Headers and half the body: the request is in flight, waiting for the rest of its body.
    socket.write(
      `POST /users HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`,
    );
    socket.write(body.slice(0, 10));
    await new Promise((resolve) => setTimeout(resolve, 300));

    const stoppedAt = Date.now();
    child?.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    // No new connections once draining started.
    const refused = await new Promise<string>((resolve) => {
      const probe = connect(port, '127.0.0.1');
      probe.once('connect', () => {
        probe.destroy();
        resolve('connected');
      });
      probe.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    });
    expect(refused).toBe('ECONNREFUSED');

    // The request in flight still completes (the server closes the socket after answering).
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.write(body.slice(10));
    await closed;
    const code = await exited;
    expect(answer).toMatch(/^HTTP\/1\.1 201 /);
    expect(code).toBe(0);
    expect(Date.now() - stoppedAt).toBeLessThan(12_000);
  });
});
