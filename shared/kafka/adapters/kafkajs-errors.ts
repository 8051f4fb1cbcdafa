import { KafkaError } from '../kafka.port.ts';
import type { FailureKind } from '../../reliability/failure-kind.ts';

/** kafkajs' wrappers around the error that made its retrier give up (or refuse to retry). */
const RETRIER_WRAPPERS = new Set(['KafkaJSNumberOfRetriesExceeded', 'KafkaJSNonRetriableError']);

/**
 * kafkajs marks each error `retriable`. Its retrier wraps the last error into a non-retriable
 * one when it gives up (a down broker ends as `KafkaJSNumberOfRetriesExceeded`), so the flag of
 * the innermost error decides: a broker that refuses the request for good (authorization, an
 * invalid record) is `dependency`, never retried; everything else may pass.
 */
function kindOfKafkajsError(error: unknown): FailureKind {
  let inner = error;
  while (inner instanceof Error && RETRIER_WRAPPERS.has(inner.name)) {
    // The retrier only runs out of retries on errors it was allowed to retry.
    if (inner.name === 'KafkaJSNumberOfRetriesExceeded') return 'transient';
    if (!(inner.cause instanceof Error) || inner.cause === inner) break;
    inner = inner.cause;
  }
  const { name, retriable } = (inner ?? {}) as { name?: unknown; retriable?: unknown };
  return retriable === false && typeof name === 'string' && name.startsWith('KafkaJS') ? 'dependency' : 'transient';
}

/**
 * Maps what a kafkajs call threw to a {@link KafkaError}: `timeout` / `aborted` when the
 * caller's signal fired first (by its reason), `unavailable` for everything else (no broker,
 * broker errors: kafkajs' own retries are already spent at this point), of kind `dependency`
 * when kafkajs says retrying cannot help.
 */
export function toKafkaError(error: unknown, signal: AbortSignal, what: string): KafkaError {
  if (error instanceof KafkaError) return error;
  if (signal.aborted) {
    const timedOut = signal.reason instanceof Error && signal.reason.name === 'TimeoutError';
    return new KafkaError(timedOut ? 'timeout' : 'aborted', `${what} did not finish in time`, { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new KafkaError('unavailable', `${what} failed: Kafka unavailable: ${message}`, { cause: error, kind: kindOfKafkajsError(error) });
}
