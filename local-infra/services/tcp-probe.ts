import { connect } from 'node:net';

/**
 * Sends `payload` over TCP and resolves once the reply contains `expect` (a raw protocol
 * probe: no client library retry loops to fight with while a server is starting).
 */
export function tcpProbe(port: number, payload: string, expect: string, signal: AbortSignal, host = '127.0.0.1'): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ port, host });
    let reply = '';
    const done = (error?: Error): void => {
      socket.destroy();
      if (error) reject(error);
      else resolve();
    };
    signal.addEventListener('abort', () => done(new Error('probe aborted')), { once: true });
    socket.once('connect', () => socket.write(payload));
    socket.on('data', (chunk) => {
      reply += chunk.toString('utf8');
      if (reply.includes(expect)) done();
    });
    socket.once('error', (error) => done(error));
    socket.once('close', () => done(new Error(`connection closed, reply: ${JSON.stringify(reply.slice(0, 200))}`)));
  });
}
