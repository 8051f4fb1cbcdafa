import { connect, type Socket } from 'node:net';
import { RespErrorReply, RespParser, encodeCommands, type RespReply } from './resp-codec.ts';

/** Raised for every call on a connection that failed or could not be opened. */
export class RedisUnavailableError extends Error {
  readonly code = 'unavailable';
}

/** Where and how to connect; parsed from `REDIS_URL`. */
export interface RedisTarget {
  readonly host: string;
  readonly port: number;
  readonly username?: string;
  readonly password?: string;
  readonly db?: number;
}

/** Parses `redis://[user:password@]host:port[/db]`. */
export function parseRedisUrl(url: string): RedisTarget {
  const parsed = new URL(url);
  if (parsed.protocol !== 'redis:') throw new Error(`REDIS_URL must start with redis://, got ${parsed.protocol}`);
  const db = parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : undefined;
  return {
    host: parsed.hostname || '127.0.0.1',
    port: Number(parsed.port || 6379),
    username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    db: db !== undefined && Number.isInteger(db) && db > 0 ? db : undefined,
  };
}

interface Waiter {
  remaining: number;
  readonly replies: RespReply[];
  readonly resolve: (replies: RespReply[]) => void;
  readonly reject: (error: Error) => void;
}

/**
 * One pipelined connection: batches are written in one write and answered in order, so a
 * `MULTI ... EXEC` batch stays contiguous on the wire even when requests share the socket.
 */
export class RedisConnection {
  readonly #socket: Socket;
  readonly #parser = new RespParser();
  readonly #waiters: Waiter[] = [];
  #failure: RedisUnavailableError | undefined;
  /** Batches sent and not yet answered: the pool picks the least busy connection. */
  pending = 0;

  constructor(target: RedisTarget, connectTimeoutMs: number, onClosed: (connection: RedisConnection) => void) {
    const where = `${target.host}:${target.port}`;
    this.#socket = connect({ host: target.host, port: target.port, noDelay: true, keepAlive: true });
    this.#socket.setTimeout(connectTimeoutMs, () => {
      this.#socket.destroy(Object.assign(new Error('connect timeout'), { code: 'ETIMEDOUT' }));
    });
    this.#socket.once('connect', () => this.#socket.setTimeout(0));
    this.#socket.on('data', (chunk: Buffer) => this.#onData(chunk));
    this.#socket.on('error', (error: Error & { code?: string }) => {
      this.#failure ??= new RedisUnavailableError(`Redis at ${where} is unreachable (${error.code ?? error.message})`);
    });
    this.#socket.on('close', () => {
      this.#failure ??= new RedisUnavailableError(`Redis at ${where} closed the connection`);
      for (const waiter of this.#waiters.splice(0)) waiter.reject(this.#failure);
      onClosed(this);
    });
    // The handshake rides in front of the first batch; an error reply there closes the socket.
    const handshake: string[][] = [];
    if (target.password) {
      handshake.push(target.username ? ['AUTH', target.username, target.password] : ['AUTH', target.password]);
    }
    if (target.db) handshake.push(['SELECT', String(target.db)]);
    if (handshake.length > 0) {
      this.send(handshake).then(
        (replies) => {
          const failed = replies.find((reply) => reply instanceof RespErrorReply);
          if (!failed) return;
          // Say why (WRONGPASS: the endpoint's ACL user is missing or has another password).
          this.#failure ??= new RedisUnavailableError(`Redis at ${where} refused the login: ${failed.message}`);
          this.#socket.destroy();
        },
        () => undefined,
      );
    }
  }

  /** Whether the socket can still take commands. */
  get alive(): boolean {
    return this.#failure === undefined && !this.#socket.destroyed;
  }

  /** Sends the commands in one write; resolves one reply per command, in order. */
  send(commands: readonly (readonly string[])[]): Promise<RespReply[]> {
    if (!this.alive) return Promise.reject(this.#failure ?? new RedisUnavailableError('Redis connection is closed'));
    this.pending++;
    return new Promise<RespReply[]>((resolve, reject) => {
      this.#waiters.push({
        remaining: commands.length,
        replies: [],
        resolve: (replies) => {
          this.pending--;
          resolve(replies);
        },
        reject: (error) => {
          this.pending--;
          reject(error);
        },
      });
      this.#socket.write(encodeCommands(commands));
    });
  }

  /** Closes the socket; waiting batches fail as unavailable. */
  close(): void {
    this.#failure ??= new RedisUnavailableError('Redis connection closed by the REST endpoint');
    this.#socket.destroy();
  }

  #onData(chunk: Buffer): void {
    try {
      this.#parser.feed(chunk, (reply) => {
        const waiter = this.#waiters[0];
        if (!waiter) throw new Error('Redis sent a reply nobody asked for');
        waiter.replies.push(reply);
        if (--waiter.remaining === 0) {
          this.#waiters.shift();
          waiter.resolve(waiter.replies);
        }
      });
    } catch (error) {
      // The stream is out of step with our waiters: nothing after this point can be trusted.
      this.#failure ??= new RedisUnavailableError(`Redis protocol error: ${(error as Error).message}`);
      this.#socket.destroy();
    }
  }
}
