import { KafkaError } from '../kafka.port.ts';

/**
 * Maps what a kafkajs call threw to a {@link KafkaError}: `timeout` / `aborted` when the
 * caller's signal fired first (by its reason), `unavailable` for everything else (no broker,
 * broker errors: kafkajs' own retries are already spent at this point).
 */
export function toKafkaError(error: unknown, signal: AbortSignal, what: string): KafkaError {
  if (error instanceof KafkaError) return error;
  if (signal.aborted) {
    const timedOut = signal.reason instanceof Error && signal.reason.name === 'TimeoutError';
    return new KafkaError(timedOut ? 'timeout' : 'aborted', `${what} did not finish in time`, { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new KafkaError('unavailable', `${what} failed: Kafka unavailable: ${message}`, { cause: error });
}
