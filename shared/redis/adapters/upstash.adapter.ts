import { Redis } from '@upstash/redis/cloudflare';
import { createCommandRedisPort } from '../redis-command-port.ts';
import { RedisError } from '../redis-error.ts';
import { toRedisError } from './upstash-errors.ts';
import type { RedisCommandTransport } from '../redis-transport.ts';
import type { RedisPort, RedisReply } from '../redis.port.ts';

/** Options of {@link createUpstashRedis}. */
export interface UpstashRedisOptions {
  /** The REST endpoint (`UPSTASH_REDIS_REST_URL`), e.g. `http://127.0.0.1:8079` locally. */
  readonly url: string;
  /** Its Bearer token (`UPSTASH_REDIS_REST_TOKEN`). */
  readonly token: string;
  /** Reuse HTTP connections. Default true. */
  readonly keepAlive?: boolean;
  /**
   * Send `upstash-sync-token` so reads observe this client's earlier writes on replicated
   * Upstash databases. Default true (the local endpoint echoes it).
   */
  readonly readYourWrites?: boolean;
}

/**
 * The REST adapter for workerd and the edge: `@upstash/redis` (its Cloudflare build, which
 * runs on Node too) speaking the Upstash REST protocol. Settings that matter:
 * - `retry: { retries: 0 }`: retries live in the reliability layer (`retry: false` still
 *   retries once in 1.39);
 * - `automaticDeserialization: false`: values come back as the strings that were stored;
 * - `responseEncoding: false`: replies as plain JSON, not base64 (the default from 1.40 on).
 *   Base64 decoding was a large share of the client's CPU on workerd, and every value this
 *   platform stores is UTF-8 text (invalid UTF-8 would come back replaced, base64 or not);
 * - auto-pipelining off: one HTTP request per call, so each call can honour its own signal.
 *
 * The client takes no per-command signal, only a client-wide one or a function returning one,
 * read when the request starts. We hand it a function reading `current`, set around the
 * synchronous part of each call; `abortable`-style racing would leave the fetch running.
 */
export function createUpstashRedis(options: UpstashRedisOptions): RedisPort {
  let current: AbortSignal | undefined;
  let closed = false;
  const client = new Redis({
    url: options.url,
    token: options.token,
    keepAlive: options.keepAlive ?? true,
    readYourWrites: options.readYourWrites ?? true,
    retry: { retries: 0 },
    automaticDeserialization: false,
    responseEncoding: false,
    enableAutoPipelining: false,
    enableTelemetry: false,
    // Typed as returning AbortSignal, but fetch accepts `undefined` (no signal).
    signal: () => current as AbortSignal,
  });

  const transport: RedisCommandTransport = {
    async send(argv, signal) {
      const [command] = argv as [string];
      if (closed) throw new RedisError('unavailable', 'Redis client is closed', { command });
      let reply: Promise<RedisReply>;
      current = signal;
      try {
        // `exec` reaches `fetch` synchronously: the signal function is read in this tick.
        reply = client.exec<RedisReply>(argv as [string, ...string[]]);
      } finally {
        current = undefined;
      }
      try {
        return await reply;
      } catch (error) {
        throw toRedisError(error, command, signal);
      }
    },
    async close() {
      // Nothing to release: HTTP keep-alive sockets belong to the runtime's fetch.
      closed = true;
    },
  };
  return createCommandRedisPort(transport);
}
