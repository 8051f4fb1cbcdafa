import { execFile } from 'node:child_process';
import { createServer } from 'node:net';

/** True when nothing can bind 127.0.0.1:port right now (someone listens there). */
export function isPortTaken(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(true));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(false)));
  });
}

/** Best effort "who holds this port" (from `ss -ltnp`), for error messages. Never throws. */
export function describePortHolder(port: number): Promise<string> {
  return new Promise((resolve) => {
    execFile('ss', ['-H', '-ltnp', `sport = :${port}`], { timeout: 2_000 }, (error, stdout) => {
      if (error) return resolve('unknown process');
      const users = /users:\(\((.*?)\)\)/.exec(stdout)?.[1];
      resolve(users ? users.replaceAll('"', '') : 'unknown process');
    });
  });
}
