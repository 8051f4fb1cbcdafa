/**
 * A small client of Toxiproxy's HTTP API (plain fetch: it also runs in the metrics sidecar and
 * the load runner, and the official clients are Go and Ruby).
 */

/** A toxic as Toxiproxy reports it. */
export interface Toxic {
  readonly name: string;
  readonly type: string;
  readonly stream: 'upstream' | 'downstream';
  readonly toxicity: number;
  readonly attributes: Readonly<Record<string, number>>;
}

/** A proxy as Toxiproxy reports it. */
export interface Proxy {
  readonly name: string;
  readonly listen: string;
  readonly upstream: string;
  readonly enabled: boolean;
  readonly toxics: readonly Toxic[];
}

/** A toxic to add (Toxiproxy fills in `toxicity: 1` and `stream: downstream` when left out). */
export interface ToxicSpec {
  readonly name: string;
  readonly type: string;
  readonly stream?: 'upstream' | 'downstream';
  readonly toxicity?: number;
  readonly attributes: Readonly<Record<string, number>>;
}

/** An answer of Toxiproxy that is not a success, or no answer at all. */
export class ToxiproxyError extends Error {
  readonly code: 'UNREACHABLE' | 'REJECTED';
  readonly status: number | undefined;
  constructor(code: 'UNREACHABLE' | 'REJECTED', message: string, status?: number, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ToxiproxyError';
    this.code = code;
    this.status = status;
  }
}

/** Options of {@link createToxiproxyClient}. */
export interface ToxiproxyClientOptions {
  /** e.g. `http://127.0.0.1:8474`. */
  readonly baseUrl: string;
  /** Per-call budget (Toxiproxy answers in microseconds; a stuck call is a broken server). */
  readonly timeoutMs?: number;
}

/** Typed calls of the Toxiproxy API used by local-infra, the fault CLI, tests and the dashboard. */
export interface ToxiproxyClient {
  version(): Promise<string>;
  proxies(): Promise<Proxy[]>;
  /** Creates the proxies, or leaves those that already exist with the same addresses. */
  populate(proxies: readonly { name: string; listen: string; upstream: string }[]): Promise<void>;
  setEnabled(proxy: string, enabled: boolean): Promise<void>;
  addToxic(proxy: string, toxic: ToxicSpec): Promise<void>;
  removeToxic(proxy: string, toxic: string): Promise<void>;
  /** Every proxy enabled, every toxic removed. */
  resetAll(): Promise<void>;
}

export function createToxiproxyClient({ baseUrl, timeoutMs = 3_000 }: ToxiproxyClientOptions): ToxiproxyClient {
  async function call(method: string, path: string, body?: unknown): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new ToxiproxyError(
        'UNREACHABLE',
        `Toxiproxy does not answer at ${baseUrl} (${(error as Error).message}); start it with ATLAS_FAULTS=1 npm run infra:up -- toxiproxy`,
        undefined,
        { cause: error },
      );
    }
    const text = await response.text();
    if (!response.ok) {
      const detail = parseError(text);
      throw new ToxiproxyError('REJECTED', `Toxiproxy ${method} ${path} -> ${response.status}: ${detail}`, response.status);
    }
    return text ? (JSON.parse(text) as unknown) : undefined;
  }

  return {
    async version() {
      const response = await fetch(`${baseUrl}/version`, { signal: AbortSignal.timeout(timeoutMs) });
      if (!response.ok) throw new ToxiproxyError('REJECTED', `GET /version -> ${response.status}`, response.status);
      return (await response.text()).trim();
    },
    async proxies() {
      const byName = (await call('GET', '/proxies')) as Record<string, Proxy>;
      return Object.values(byName).sort((a, b) => a.name.localeCompare(b.name));
    },
    async populate(proxies) {
      await call(
        'POST',
        '/populate',
        proxies.map((proxy) => ({ ...proxy, enabled: true })),
      );
    },
    async setEnabled(proxy, enabled) {
      await call('POST', `/proxies/${encodeURIComponent(proxy)}`, { enabled });
    },
    async addToxic(proxy, toxic) {
      await call('POST', `/proxies/${encodeURIComponent(proxy)}/toxics`, toxic);
    },
    async removeToxic(proxy, toxic) {
      await call('DELETE', `/proxies/${encodeURIComponent(proxy)}/toxics/${encodeURIComponent(toxic)}`);
    },
    async resetAll() {
      await call('POST', '/reset');
    },
  };
}

function parseError(text: string): string {
  try {
    const parsed = JSON.parse(text) as { error?: unknown };
    return typeof parsed.error === 'string' ? parsed.error : text;
  } catch {
    return text.trim() || '(empty body)';
  }
}
