import { KafkaJSConnectionError, KafkaJSNonRetriableError, KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import type { FailureKind } from '../../reliability/failure-kind.ts';
import { expectFailureKind } from '../../reliability/testing/expect-failure-kind.ts';
import type { KafkaError } from '../kafka.port.ts';
import { toKafkaError } from './kafkajs-errors.ts';

const live = new AbortController().signal;
const map = (error: unknown, signal = live): KafkaError => toKafkaError(error, signal, 'Kafka publish');
const connectionError = (): Error => new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:9092');
/** kafkajs' retrier giving up after retriable failures, as a down broker ends. */
const retriesExceeded = (): Error => new KafkaJSNumberOfRetriesExceeded(connectionError(), { retryCount: 1, retryTime: 100 });
const wrappedBy = (outer: Error, cause: Error): Error => Object.assign(outer, { cause });

// What the Kafka policy makes of kafkajs' errors: its `retriable` flag decides, read on the
// error its retrier gave up on (a caller's cancellation is never Kafka's fault).
describe('kafkajs errors under the Kafka policy', () => {
  it.each<[string, () => KafkaError, FailureKind]>([
    ['retriable connection error', () => map(connectionError()), 'transient'],
    ['retries exceeded on a down broker', () => map(retriesExceeded()), 'transient'],
    [
      'retries exceeded, wrapped again by an outer retrier',
      () => map(wrappedBy(new KafkaJSNonRetriableError('x'), retriesExceeded())),
      'transient',
    ],
    ['non-retriable error', () => map(new KafkaJSNonRetriableError('Invalid topic')), 'dependency'],
    [
      'non-retriable broker refusal, wrapped by the retrier',
      () =>
        map(wrappedBy(new KafkaJSNonRetriableError('x'), Object.assign(new KafkaJSProtocolError('Not authorized'), { retriable: false }))),
      'dependency',
    ],
    ['deadline', () => map(connectionError(), AbortSignal.abort(new DOMException('deadline', 'TimeoutError'))), 'transient'],
    ['caller cancelled', () => map(connectionError(), AbortSignal.abort()), 'local'],
  ])('%s -> %s', (_name, mapped, kind) => expectFailureKind(mapped(), kind));

  it('keeps the port code: every failure that is not the signal is unavailable', () => {
    expect(map(new KafkaJSNonRetriableError('Invalid topic')).code).toBe('unavailable');
  });
});
