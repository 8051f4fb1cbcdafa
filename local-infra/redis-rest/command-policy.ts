/*
 * Commands the REST endpoint refuses, and why. Its Redis connections are pooled and
 * pipelined, shared by every request: anything that blocks a connection or changes its state
 * would leak into other requests' commands.
 */

const BLOCKING = new Set([
  'BLPOP', 'BRPOP', 'BRPOPLPUSH', 'BLMOVE', 'BLMPOP', 'BZPOPMIN', 'BZPOPMAX', 'BZMPOP', 'WAIT', 'WAITAOF',
]);
const SUBSCRIBING = new Set(['SUBSCRIBE', 'PSUBSCRIBE', 'SSUBSCRIBE', 'UNSUBSCRIBE', 'PUNSUBSCRIBE', 'SUNSUBSCRIBE']);
const TRANSACTION = new Set(['MULTI', 'EXEC', 'DISCARD', 'WATCH', 'UNWATCH']);
const CONNECTION_STATE = new Set(['SELECT', 'AUTH', 'HELLO', 'QUIT', 'RESET', 'MONITOR', 'SYNC', 'PSYNC', 'REPLCONF']);
const CLIENT_STATE = new Set(['REPLY', 'TRACKING', 'CACHING', 'SETNAME', 'SETINFO', 'NO-EVICT', 'NO-TOUCH']);
const STREAM_READS = new Set(['XREAD', 'XREADGROUP']);

/** Why `argv` cannot run on a pooled connection, or `undefined` when it can. */
export function refusalOf(argv: readonly string[]): string | undefined {
  const name = (argv[0] ?? '').toUpperCase();
  const refuse = (why: string): string => `ERR ${name} is not supported by this REST endpoint: ${why}`;
  if (BLOCKING.has(name)) return refuse('blocking commands would stall a pooled connection');
  if (STREAM_READS.has(name) && argv.some((arg) => arg.toUpperCase() === 'BLOCK')) {
    return refuse('BLOCK would stall a pooled connection');
  }
  if (SUBSCRIBING.has(name)) return refuse('subscriptions need a dedicated connection (PUBLISH works)');
  if (TRANSACTION.has(name)) return refuse('send transactions to /multi-exec');
  if (CONNECTION_STATE.has(name)) return refuse('connection state would leak into other requests');
  if (name === 'CLIENT' && CLIENT_STATE.has((argv[1] ?? '').toUpperCase())) {
    return refuse('connection state would leak into other requests');
  }
  if (name === 'SHUTDOWN') return refuse('the shared Redis is stopped through local-infra');
  return undefined;
}
