/*
 * Which commands the REST endpoint runs, and why the others are refused. Two reasons:
 * - its Redis connections are pooled and pipelined, shared by every request: anything that
 *   blocks a connection or changes its state would leak into other requests' commands;
 * - a REST token is a data credential, not an admin one. As on Upstash, server administration
 *   (CONFIG, DEBUG, REPLICAOF, SAVE, ACL, MODULE, SHUTDOWN...) and whole-database wipes
 *   (FLUSHALL, FLUSHDB) are not offered: an ALLOW-list, so a command Redis adds later is
 *   refused until someone decides it is data.
 * Scripts: this list sees only the command a request names, not what an EVAL calls. The
 * endpoint logs in to Redis as its own ACL user (local-infra/services/redis-acl.ts), and Redis
 * applies that user's ACL inside scripts, so a script cannot reach FLUSHALL or CONFIG either.
 * RESTORE is not offered: it loads an arbitrary serialized value (the ACL denies it as well).
 */

const DATA_COMMANDS: Readonly<Record<string, readonly string[]>> = {
  string: [
    'GET',
    'SET',
    'SETNX',
    'SETEX',
    'PSETEX',
    'GETSET',
    'GETDEL',
    'GETEX',
    'GETRANGE',
    'SETRANGE',
    'MGET',
    'MSET',
    'MSETNX',
    'APPEND',
    'STRLEN',
    'INCR',
    'INCRBY',
    'INCRBYFLOAT',
    'DECR',
    'DECRBY',
    'LCS',
    'SUBSTR',
  ],
  key: [
    'DEL',
    'UNLINK',
    'EXISTS',
    'EXPIRE',
    'PEXPIRE',
    'EXPIREAT',
    'PEXPIREAT',
    'EXPIRETIME',
    'PEXPIRETIME',
    'TTL',
    'PTTL',
    'PERSIST',
    'TYPE',
    'RENAME',
    'RENAMENX',
    'COPY',
    'TOUCH',
    'KEYS',
    'SCAN',
    'RANDOMKEY',
    'DUMP',
    'SORT',
    'SORT_RO',
    'DBSIZE',
  ],
  hash: [
    'HGET',
    'HSET',
    'HSETNX',
    'HMGET',
    'HMSET',
    'HDEL',
    'HEXISTS',
    'HGETALL',
    'HKEYS',
    'HVALS',
    'HLEN',
    'HINCRBY',
    'HINCRBYFLOAT',
    'HSTRLEN',
    'HSCAN',
    'HRANDFIELD',
  ],
  list: [
    'LPUSH',
    'RPUSH',
    'LPUSHX',
    'RPUSHX',
    'LPOP',
    'RPOP',
    'LRANGE',
    'LLEN',
    'LINDEX',
    'LSET',
    'LINSERT',
    'LREM',
    'LTRIM',
    'LPOS',
    'LMOVE',
    'LMPOP',
    'RPOPLPUSH',
  ],
  set: [
    'SADD',
    'SREM',
    'SMEMBERS',
    'SISMEMBER',
    'SMISMEMBER',
    'SCARD',
    'SPOP',
    'SRANDMEMBER',
    'SMOVE',
    'SINTER',
    'SINTERCARD',
    'SINTERSTORE',
    'SUNION',
    'SUNIONSTORE',
    'SDIFF',
    'SDIFFSTORE',
    'SSCAN',
  ],
  sortedSet: [
    'ZADD',
    'ZREM',
    'ZSCORE',
    'ZMSCORE',
    'ZINCRBY',
    'ZCARD',
    'ZCOUNT',
    'ZLEXCOUNT',
    'ZRANK',
    'ZREVRANK',
    'ZRANGE',
    'ZRANGESTORE',
    'ZREVRANGE',
    'ZRANGEBYSCORE',
    'ZREVRANGEBYSCORE',
    'ZRANGEBYLEX',
    'ZREVRANGEBYLEX',
    'ZREMRANGEBYRANK',
    'ZREMRANGEBYSCORE',
    'ZREMRANGEBYLEX',
    'ZPOPMIN',
    'ZPOPMAX',
    'ZMPOP',
    'ZRANDMEMBER',
    'ZUNION',
    'ZUNIONSTORE',
    'ZINTER',
    'ZINTERCARD',
    'ZINTERSTORE',
    'ZDIFF',
    'ZDIFFSTORE',
    'ZSCAN',
  ],
  stream: [
    'XADD',
    'XLEN',
    'XRANGE',
    'XREVRANGE',
    'XDEL',
    'XTRIM',
    'XREAD',
    'XREADGROUP',
    'XGROUP',
    'XACK',
    'XPENDING',
    'XCLAIM',
    'XAUTOCLAIM',
    'XINFO',
  ],
  other: [
    'PFADD',
    'PFCOUNT',
    'PFMERGE',
    'SETBIT',
    'GETBIT',
    'BITCOUNT',
    'BITPOS',
    'BITOP',
    'BITFIELD',
    'BITFIELD_RO',
    'GEOADD',
    'GEODIST',
    'GEOHASH',
    'GEOPOS',
    'GEOSEARCH',
    'GEOSEARCHSTORE',
    'PUBLISH',
  ],
  scripting: ['EVAL', 'EVALSHA', 'EVAL_RO', 'EVALSHA_RO', 'SCRIPT'],
  connection: ['PING', 'ECHO', 'TIME'],
};
const ALLOWED = new Set(Object.values(DATA_COMMANDS).flat());
/** SCRIPT LOAD/EXISTS are what clients need; FLUSH and KILL act on every client's scripts. */
const SCRIPT_SUBCOMMANDS = new Set(['LOAD', 'EXISTS']);

const BLOCKING = new Set(['BLPOP', 'BRPOP', 'BRPOPLPUSH', 'BLMOVE', 'BLMPOP', 'BZPOPMIN', 'BZPOPMAX', 'BZMPOP', 'WAIT', 'WAITAOF']);
const SUBSCRIBING = new Set(['SUBSCRIBE', 'PSUBSCRIBE', 'SSUBSCRIBE', 'UNSUBSCRIBE', 'PUNSUBSCRIBE', 'SUNSUBSCRIBE']);
const TRANSACTION = new Set(['MULTI', 'EXEC', 'DISCARD', 'WATCH', 'UNWATCH']);
const CONNECTION_STATE = new Set(['SELECT', 'AUTH', 'HELLO', 'QUIT', 'RESET', 'MONITOR', 'SYNC', 'PSYNC', 'REPLCONF', 'CLIENT']);
const STREAM_READS = new Set(['XREAD', 'XREADGROUP']);

/** Why `argv` cannot run through the REST endpoint, or `undefined` when it can. */
export function refusalOf(argv: readonly string[]): string | undefined {
  const name = String(argv[0] ?? '').toUpperCase();
  const refuse = (why: string): string => `ERR ${name} is not supported by this REST endpoint: ${why}`;
  if (BLOCKING.has(name)) return refuse('blocking commands would stall a pooled connection');
  if (STREAM_READS.has(name) && argv.some((arg) => String(arg).toUpperCase() === 'BLOCK')) {
    return refuse('BLOCK would stall a pooled connection');
  }
  if (SUBSCRIBING.has(name)) return refuse('subscriptions need a dedicated connection (PUBLISH works)');
  if (TRANSACTION.has(name)) return refuse('send transactions to /multi-exec');
  if (CONNECTION_STATE.has(name)) return refuse('connection state would leak into other requests');
  if (name === 'SCRIPT' && !SCRIPT_SUBCOMMANDS.has(String(argv[1] ?? '').toUpperCase())) {
    return refuse('only SCRIPT LOAD and SCRIPT EXISTS are offered');
  }
  if (!ALLOWED.has(name)) return refuse('only data commands are offered (administration and FLUSHALL/FLUSHDB are not)');
  return undefined;
}
