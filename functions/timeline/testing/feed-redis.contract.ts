import { afterAll, afterEach, beforeAll, describe } from 'vitest';
import type { RedisPort } from '#shared/redis/redis.port.ts';
import { defineFeedCommandCases } from './feed-commands.contract.ts';
import { defineFeedScriptCases } from './feed-scripts.contract.ts';
import { defineFeedStoreCases } from './feed-store.contract.ts';

/** How the feed Redis contract suite reaches the Redis under test. */
export interface FeedRedisContractOptions {
  /** Opens the Redis under test (once per suite; closed after it). */
  readonly connect: () => RedisPort | Promise<RedisPort>;
  /** What Redis's `TTL` answers for `key`: seconds left, -1 without expiry, -2 when missing. */
  readonly ttl: (redis: RedisPort, key: string) => Promise<number>;
  /** Lets `ms` pass for expiry: a real wait on a real Redis, a step of the clock on a fake. */
  readonly elapse: (ms: number) => Promise<void>;
}

/** What each group of contract cases gets. */
export interface FeedRedisHarness {
  readonly redis: () => RedisPort;
  /** A fresh key (or the key given), deleted after the test. */
  readonly key: (given?: string) => string;
  readonly ttl: (key: string) => Promise<number>;
  readonly elapse: (ms: number) => Promise<void>;
  readonly signal: AbortSignal;
}

/**
 * What the timeline needs from Redis, as vitest tests: the commands it calls and its Lua
 * scripts (`scripts/feed-scripts.ts`), raw replies included, then the feed store on top of
 * them. Run against real Redis through both adapters (integration) and against the in-memory
 * fake (unit), so the fake's JavaScript twins of the scripts cannot drift from the Lua.
 */
export function defineFeedRedisContract(name: string, options: FeedRedisContractOptions): void {
  describe(`feed Redis contract: ${name}`, () => {
    let redis: RedisPort | undefined;
    const made: string[] = [];
    const open = (): RedisPort => {
      if (!redis) throw new Error('the Redis under test is opened in beforeAll; use it inside a test');
      return redis;
    };
    beforeAll(async () => {
      redis = await options.connect();
    });
    afterEach(async () => {
      await open().del(made.splice(0));
    });
    afterAll(async () => {
      await redis?.close();
    });
    const harness: FeedRedisHarness = {
      redis: open,
      key: (given) => {
        const key = given ?? `feed-contract:${crypto.randomUUID()}`;
        made.push(key);
        return key;
      },
      ttl: (key) => options.ttl(open(), key),
      elapse: options.elapse,
      signal: new AbortController().signal,
    };
    describe('commands', () => defineFeedCommandCases(harness));
    describe('scripts', () => defineFeedScriptCases(harness));
    describe('feed store', () => defineFeedStoreCases(harness));
  });
}
