import { z } from 'zod';
import type { EnvRecord } from '../config/app-config.ts';
import { errorFields } from '../observability/logger.ts';
import type { LogFields, Logger } from '../observability/logger.ts';
import { noopMetricsRecorder } from '../observability/metrics-recorder.port.ts';
import type { MetricsRecorder } from '../observability/metrics-recorder.port.ts';
import type { Dependencies } from './dependencies.ts';
import { logProcessedEvents } from './event-trace.ts';
import type { FunctionDefinition } from './function-definition.ts';
import { problemResponse, statusTitle } from './problem.ts';
import type { ProblemFieldError } from './problem.ts';
import type { EventRecord } from './triggers.ts';

/** Path prefix of event pushes (`POST /__events/<topic>`). */
export const EVENT_PUSH_PREFIX = '/__events/';

/** Largest accepted push body (a batch of at most a few hundred small records). */
const MAX_PUSH_BYTES = 5 * 1024 * 1024;
/** Handler budget: the pusher's own attempt timeout is 10 s by default. */
const HANDLER_TIMEOUT_MS = 25_000;

/** Dependencies of one push invocation, opened by the runtime (per invocation on workerd). */
export interface EventPushScope {
  readonly deps: Dependencies;
  readonly log: Logger;
  /** Lets go of the invocation's clients (workerd: through `ctx.waitUntil`). */
  release(): void;
}

/** What the runtime provides to {@link handleEventPush}. */
export interface EventPushOptions {
  /** Expected bearer token (`EVENTS_PUSH_TOKEN`). */
  readonly pushToken: string;
  /** Opens the dependencies for the handler, once the push is accepted. */
  readonly openScope: (fields: LogFields) => EventPushScope;
  /** The raw environment, handed to the handler as `ctx.env`. */
  readonly env?: EnvRecord;
  readonly metrics?: MetricsRecorder;
}

const RecordSchema = z.strictObject({
  topic: z.string().min(1),
  partition: z.number().int().nonnegative(),
  offset: z.string().regex(/^\d+$/),
  key: z.string().nullable(),
  value: z.unknown(),
  headers: z.record(z.string(), z.string()),
});
const PushBodySchema = z.strictObject({ records: z.array(RecordSchema).min(1).max(1000) });

/**
 * The receiving end of pushed event triggers (used by the workerd entries; web-standard, so it
 * runs anywhere), as Cloudflare Queues push a batch to a consumer Worker:
 * `POST /__events/<topic>` with `Authorization: Bearer <EVENTS_PUSH_TOKEN>` and JSON
 * `{ records: EventRecord[] }` runs the function's subscription handler once.
 * 200 = processed (the Node host commits the offsets); 500 = failed (it retries the batch
 * after a backoff); 401 bad token, 404 no subscription, 400/413/415 bad push.
 */
export async function handleEventPush(definition: FunctionDefinition, request: Request, options: EventPushOptions): Promise<Response> {
  const url = new URL(request.url);
  const problem = (status: number, detail: string, errors?: readonly ProblemFieldError[]): Response =>
    problemResponse({
      type: 'about:blank',
      title: statusTitle(status),
      status,
      detail,
      instance: url.pathname,
      ...(errors ? { errors } : {}),
    });

  if (request.method !== 'POST') return problem(405, 'Event pushes use POST');
  if (!(await bearerMatches(request.headers.get('authorization'), options.pushToken))) {
    return problem(401, 'Send Authorization: Bearer <EVENTS_PUSH_TOKEN>');
  }
  const topic = decodeURIComponent(url.pathname.slice(EVENT_PUSH_PREFIX.length));
  const subscription = definition.events?.find((candidate) => candidate.topic === topic);
  if (!subscription) return problem(404, `Function ${definition.name} does not subscribe to "${topic}"`);
  if (!(request.headers.get('content-type') ?? '').toLowerCase().startsWith('application/json')) return problem(415, 'Push JSON');
  if (Number(request.headers.get('content-length') ?? 0) > MAX_PUSH_BYTES)
    return problem(413, `Pushes are limited to ${MAX_PUSH_BYTES} bytes`);

  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return problem(400, 'Malformed JSON');
  }
  const parsed = PushBodySchema.safeParse(body);
  if (!parsed.success) {
    return problem(
      400,
      'The push failed validation',
      parsed.error.issues.map((issue) => ({ field: ['body', ...issue.path.map(String)].join('.'), message: issue.message })),
    );
  }
  const records = parsed.data.records as EventRecord[];
  if (records.some((record) => record.topic !== topic)) return problem(400, `Every record must be of topic "${topic}"`);

  const scope = options.openScope({ function: definition.name, trigger: 'event', topic });
  try {
    const signal = AbortSignal.any([request.signal, AbortSignal.timeout(HANDLER_TIMEOUT_MS)]);
    await subscription.handler(records, {
      deps: scope.deps,
      signal,
      log: scope.log,
      metrics: options.metrics ?? noopMetricsRecorder,
      ...(options.env ? { env: options.env } : {}),
    });
    logProcessedEvents(scope.log, records);
    return Response.json({ processed: records.length });
  } catch (error) {
    scope.log.warn('event batch failed; the pusher retries it', { records: records.length, ...errorFields(error) });
    return problem(500, 'The handler failed; push the batch again');
  } finally {
    scope.release();
  }
}

/**
 * Compares the bearer token with the expected one in constant time: both are hashed first
 * (SHA-256), so neither length nor a matching prefix shows in the timing.
 */
async function bearerMatches(header: string | null, expected: string): Promise<boolean> {
  const token = /^Bearer[ ]+(\S+)$/i.exec(header ?? '')?.[1];
  if (!token) return false;
  const digest = async (text: string): Promise<Uint8Array> =>
    new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  const [a, b] = await Promise.all([digest(token), digest(expected)]);
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return difference === 0;
}
