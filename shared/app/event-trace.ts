import type { LogFields, Logger } from '../observability/logger.ts';
import { EVENT_ID_HEADER } from '../events/post-created.ts';
import { REQUEST_ID_HEADER, TRACEPARENT_HEADER } from '../observability/propagation.ts';
import { parseTraceparent } from '../observability/trace-context.ts';
import type { EventRecord } from './triggers.ts';

/**
 * Log fields tying a consumed record to the request that produced it: the event id, and the
 * request id and trace id its producer put in the record headers (`POST /posts` -> outbox row ->
 * Kafka headers). `grep '"traceId":"<id>"'` then finds the request's access line AND every
 * consumer's processing of its event (docs/runbooks/tracing-a-post.md).
 */
export function eventTraceFields(record: EventRecord): LogFields {
  const eventId = record.headers[EVENT_ID_HEADER];
  const requestId = record.headers[REQUEST_ID_HEADER];
  const traceId = parseTraceparent(record.headers[TRACEPARENT_HEADER])?.traceId;
  return {
    topic: record.topic,
    partition: record.partition,
    offset: record.offset,
    ...(eventId ? { eventId } : {}),
    ...(requestId ? { requestId } : {}),
    ...(traceId ? { traceId } : {}),
  };
}

/**
 * One `event processed` line per record once its batch's handler resolved: what the runtime
 * (Node host or workerd push endpoint) logs, so every function's consumption is traceable
 * without each handler remembering to log ids. Info level, like the access log: quiet under
 * load tests (LOG_LEVEL=warn).
 */
export function logProcessedEvents(log: Logger, records: readonly EventRecord[]): void {
  if (!log.isEnabled('info')) return;
  for (const record of records) log.info('event processed', eventTraceFields(record));
}
