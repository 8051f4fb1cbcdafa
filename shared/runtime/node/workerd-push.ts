import { eventPushPath } from '#shared/app/triggers.ts';
import type { DeliverBatch } from './batch-delivery.ts';

/** Where the Node host pushes a function's event batches when workerd hosts it. */
export interface WorkerdPushTarget {
  /** Base URL of the worker (`http://127.0.0.1:8787/timeline` behind the dev gateway). */
  readonly baseUrl: string;
  /** Shared secret (`EVENTS_PUSH_TOKEN`) the worker checks. */
  readonly token: string;
}

/** A push the worker did not accept; `status` 0 when it could not be reached. */
export class EventPushError extends Error {
  readonly code = 'event_push_failed';
  readonly status: number;
  constructor(status: number, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EventPushError';
    this.status = status;
  }
}

/**
 * Delivers batches to a worker's `POST /__events/<topic>`, as Cloudflare Queues push batches
 * to a consumer Worker: JSON `{ records }`, bearer token, 2xx = processed (the consumer then
 * commits), anything else = retry the whole batch after a backoff.
 */
export function createWorkerdPush(topic: string, target: WorkerdPushTarget, fetchImpl: typeof fetch = fetch): DeliverBatch {
  const url = `${target.baseUrl.replace(/\/+$/, '')}${eventPushPath(topic)}`;
  return async (records, signal) => {
    let response: Response;
    try {
      response = await fetchImpl(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${target.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ records }),
        signal,
      });
    } catch (error) {
      throw new EventPushError(0, `push to ${url} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    const body = await response.text();
    if (!response.ok) throw new EventPushError(response.status, `push to ${url} answered ${response.status}: ${body.slice(0, 300)}`);
  };
}
