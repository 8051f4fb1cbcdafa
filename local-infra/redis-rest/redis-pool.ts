import { RedisConnection, RedisUnavailableError, parseRedisUrl, type RedisTarget } from './redis-connection.ts';
import type { RespReply } from './resp-codec.ts';

/** Options of {@link RedisPool}. */
export interface RedisPoolOptions {
  /** `redis://[user:password@]host:port[/db]`. */
  readonly url: string;
  /** Most connections opened to Redis. Default 50. */
  readonly size?: number;
  /** A connection attempt that takes longer fails. Default 2000 ms. */
  readonly connectTimeoutMs?: number;
}

/**
 * Connections to Redis, opened on demand up to `size`. A batch goes to an idle connection,
 * else to a new one while under the cap, else to the least busy one (connections pipeline,
 * so sharing one costs only queueing). Broken connections leave the pool and are replaced by
 * the next batch: while Redis is down, each batch fails fast with `RedisUnavailableError`.
 */
export class RedisPool {
  readonly size: number;
  readonly target: RedisTarget;
  readonly #connectTimeoutMs: number;
  readonly #connections: RedisConnection[] = [];
  #closed = false;

  constructor(options: RedisPoolOptions) {
    this.size = options.size ?? 50;
    if (!Number.isInteger(this.size) || this.size < 1) throw new RangeError(`pool size must be >= 1, got ${this.size}`);
    this.target = parseRedisUrl(options.url);
    this.#connectTimeoutMs = options.connectTimeoutMs ?? 2000;
  }

  /** Connections currently open (for tests and the startup line). */
  get openConnections(): number {
    return this.#connections.length;
  }

  /** Runs the commands back to back on one connection; one reply per command, in order. */
  run(commands: readonly (readonly string[])[]): Promise<RespReply[]> {
    if (this.#closed) return Promise.reject(new RedisUnavailableError('REST endpoint is shutting down'));
    return this.#pick().send(commands);
  }

  /** Closes every connection; batches still waiting fail. */
  close(): void {
    this.#closed = true;
    for (const connection of this.#connections.splice(0)) connection.close();
  }

  #pick(): RedisConnection {
    let best: RedisConnection | undefined;
    for (const connection of this.#connections) {
      if (!connection.alive) continue;
      if (connection.pending === 0) return connection;
      if (!best || connection.pending < best.pending) best = connection;
    }
    if (best && this.#connections.length >= this.size) return best;
    const connection = new RedisConnection(this.target, this.#connectTimeoutMs, (closed) => {
      const index = this.#connections.indexOf(closed);
      if (index !== -1) this.#connections.splice(index, 1);
    });
    this.#connections.push(connection);
    return connection;
  }
}
