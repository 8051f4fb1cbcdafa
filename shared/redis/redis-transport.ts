import type { RedisReply } from './redis.port.ts';

/**
 * What an adapter provides underneath the port: one command in, the raw RESP2 reply out.
 * Everything else (argument building, reply decoding, scripts) is shared in
 * `redis-command-port.ts`, so both adapters behave the same by construction and the contract
 * suite only has to catch transport differences.
 */
export interface RedisCommandTransport {
  /**
   * Sends `argv` (command name first). Must reject with a `RedisError` (mapped from the client
   * library's errors, `codeOfErrorReply` for server error replies) and stop waiting as soon
   * as `signal` aborts.
   */
  send(argv: readonly string[], signal: AbortSignal | undefined): Promise<RedisReply>;
  /** Releases the connection(s). Idempotent. */
  close(): Promise<void>;
}
