import { redisErrorFromAbort } from './redis-error.ts';
import { PUSH_CAPPED_SCRIPT, ZADD_CAPPED_SCRIPT, checkBatchSize, createScriptRunner } from './redis-script-runner.ts';
import type { RedisCommandTransport } from './redis-transport.ts';
import { integer, integerArg, scoreArg, scoredMembers, stringOrNull, strings, stringsOrNulls } from './redis-values.ts';
import type { RedisCallOptions, RedisPort, RedisReply } from './redis.port.ts';

/**
 * Builds the {@link RedisPort} on top of an adapter's transport. Both adapters go through
 * here: same argument checks, same commands, same reply decoding, same error codes.
 */
export function createCommandRedisPort(transport: RedisCommandTransport): RedisPort {
  const send = (argv: readonly string[], signal: AbortSignal | undefined): Promise<RedisReply> => {
    // A call whose deadline already passed is dropped, not sent.
    if (signal?.aborted) return Promise.reject(redisErrorFromAbort(signal, argv[0]));
    return transport.send(argv, signal);
  };
  const runScript = createScriptRunner(send);
  let closed: Promise<void> | undefined;

  return {
    async get(key, options?: RedisCallOptions) {
      return stringOrNull('GET', await send(['GET', key], options?.signal));
    },

    async set(key, value, options = {}) {
      const argv = ['SET', key, value];
      if (options.ttlSeconds !== undefined) argv.push('EX', integerArg('ttlSeconds', options.ttlSeconds, 1));
      if (options.onlyIfAbsent) argv.push('NX');
      // SET answers OK when written and nil when NX found the key.
      return (await send(argv, options.signal)) !== null;
    },

    async mget(keys, options) {
      if (keys.length === 0) return [];
      return stringsOrNulls('MGET', await send(['MGET', ...keys], options?.signal));
    },

    async del(keys, options) {
      const list = typeof keys === 'string' ? [keys] : keys;
      if (list.length === 0) return 0;
      return integer('DEL', await send(['DEL', ...list], options?.signal));
    },

    async incr(key, options = {}) {
      const by = integerArg('by', options.by ?? 1);
      return integer('INCRBY', await send(['INCRBY', key, by], options.signal));
    },

    async expire(key, seconds, options) {
      const reply = await send(['EXPIRE', key, integerArg('seconds', seconds, 0)], options?.signal);
      return integer('EXPIRE', reply) === 1;
    },

    async lrange(key, start, stop, options) {
      const argv = ['LRANGE', key, integerArg('start', start), integerArg('stop', stop)];
      return strings('LRANGE', await send(argv, options?.signal));
    },

    async pushCapped(key, values, maxLength, options) {
      const max = integerArg('maxLength', maxLength, 1);
      if (values.length === 0) return integer('LLEN', await send(['LLEN', key], options?.signal));
      checkBatchSize('pushCapped', values.length);
      const reply = await runScript(PUSH_CAPPED_SCRIPT, [key], [max, ...values], options?.signal);
      return integer('pushCapped', reply);
    },

    async zadd(key, members, options = {}) {
      if (members.length === 0) return 0;
      checkBatchSize('zadd', members.length);
      const pairs = members.flatMap(({ score, member }) => [scoreArg(score), member]);
      if (options.maxLength === undefined) {
        return integer('ZADD', await send(['ZADD', key, ...pairs], options.signal));
      }
      const max = integerArg('maxLength', options.maxLength, 1);
      return integer('zadd', await runScript(ZADD_CAPPED_SCRIPT, [key], [max, ...pairs], options.signal));
    },

    async zrevrangeByScore(key, options = {}) {
      const max = scoreArg(options.max ?? Infinity, options.exclusiveMax);
      const min = scoreArg(options.min ?? -Infinity);
      const argv = ['ZREVRANGEBYSCORE', key, max, min, 'WITHSCORES'];
      if (options.count !== undefined || options.offset !== undefined) {
        // LIMIT needs both; a negative count means "all" to Redis.
        const count = options.count === undefined ? '-1' : integerArg('count', options.count, 0);
        argv.push('LIMIT', integerArg('offset', options.offset ?? 0, 0), count);
      }
      return scoredMembers('ZREVRANGEBYSCORE', await send(argv, options.signal));
    },

    async eval(script, keys, args, options) {
      return runScript(script, keys, args.map(String), options?.signal);
    },

    async ping(options) {
      await send(['PING'], options?.signal);
    },

    close() {
      closed ??= transport.close();
      return closed;
    },
  };
}
