/**
 * W3C Trace Context (`traceparent`) parsing and creation, web-standard.
 *
 * Format (version 00): `00-<trace-id 32 hex>-<parent-id 16 hex>-<flags 2 hex>`. All-zero ids are
 * invalid; unknown future versions are parsed leniently as the spec asks (first four fields).
 * Atlas Edge does not export spans; trace ids exist so one post can be followed in the logs
 * from the HTTP request through the outbox and Kafka to every timeline write.
 */

/** The trace position of the current unit of work. */
export interface TraceContext {
  /** 32 lowercase hex chars, shared by the whole trace. */
  readonly traceId: string;
  /** 16 lowercase hex chars: this unit of work's span id (the parent of outgoing calls). */
  readonly spanId: string;
  /** The caller's span id, when the trace came in from outside. */
  readonly parentSpanId?: string;
  /** Trace flags byte; bit 0 = sampled. */
  readonly flags: number;
}

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;
const ZERO_TRACE = '0'.repeat(32);
const ZERO_SPAN = '0'.repeat(16);

/**
 * Random hex from Math.random, as OpenTelemetry JS's RandomIdGenerator does: trace ids need
 * uniqueness, not unpredictability, and this runs on every request (crypto is ~5x slower here).
 */
function randomHex(bytes: number): string {
  let out = '';
  for (let i = 0; i < bytes; i += 4) {
    const word = (Math.random() * 0x1_0000_0000) >>> 0;
    out += (word >>> 0).toString(16).padStart(8, '0');
  }
  return out;
}

/** A new random span id (16 hex chars, never all zeros). */
export function newSpanId(): string {
  const id = randomHex(8);
  return id === ZERO_SPAN ? newSpanId() : id;
}

/** A new random trace id (32 hex chars, never all zeros). */
export function newTraceId(): string {
  const id = randomHex(16);
  return id === ZERO_TRACE ? newTraceId() : id;
}

/**
 * Parses a `traceparent` header into the caller's position. Returns `undefined` for anything
 * invalid, in which case the receiver starts a new trace (the spec's restart rule).
 */
export function parseTraceparent(header: string | null | undefined): { traceId: string; parentSpanId: string; flags: number } | undefined {
  if (!header) return undefined;
  const match = TRACEPARENT.exec(header.trim().toLowerCase());
  if (!match) return undefined;
  const [, version, traceId, parentSpanId, flags, rest] = match as unknown as [string, string, string, string, string, string | undefined];
  if (version === 'ff') return undefined;
  // Version 00 has exactly four fields; later versions may append more.
  if (version === '00' && rest !== undefined) return undefined;
  if (traceId === ZERO_TRACE || parentSpanId === ZERO_SPAN) return undefined;
  return { traceId, parentSpanId, flags: Number.parseInt(flags, 16) };
}

/** Continues the trace of an incoming `traceparent`, or starts a new sampled trace. */
export function continueTrace(header: string | null | undefined): TraceContext {
  const parent = parseTraceparent(header);
  if (!parent) return { traceId: newTraceId(), spanId: newSpanId(), flags: 1 };
  return { traceId: parent.traceId, spanId: newSpanId(), parentSpanId: parent.parentSpanId, flags: parent.flags };
}

/**
 * Like {@link continueTrace}, but parses and generates ids only when a field is first read:
 * the request-id middleware runs on every request, while most requests never log at info
 * level or make an outgoing call (ADR 0011: the layer's hot path must stay cheap).
 */
export function lazyTrace(header: string | null | undefined): TraceContext {
  return new LazyTrace(header);
}

// A class, not an object literal with getters: literal getters put every instance in dictionary
// mode, which cost ~1 us per request in the middleware benchmark.
class LazyTrace implements TraceContext {
  readonly #header: string | null | undefined;
  #resolved: TraceContext | undefined;
  constructor(header: string | null | undefined) {
    this.#header = header;
  }
  #get(): TraceContext {
    return (this.#resolved ??= continueTrace(this.#header));
  }
  get traceId(): string {
    return this.#get().traceId;
  }
  get spanId(): string {
    return this.#get().spanId;
  }
  get parentSpanId(): string | undefined {
    return this.#get().parentSpanId;
  }
  get flags(): number {
    return this.#get().flags;
  }
  toJSON(): TraceContext {
    return this.#get();
  }
}

/** Formats the `traceparent` to send on an outgoing call made by this unit of work. */
export function formatTraceparent(trace: TraceContext): string {
  return `00-${trace.traceId}-${trace.spanId}-${(trace.flags & 0xff).toString(16).padStart(2, '0')}`;
}
