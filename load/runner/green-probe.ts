/**
 * "Back to green" after a gray fault is removed: every function's `/health/ready` is 200, its
 * `/health/deep` shows every dependency passing with its breaker closed (asked three times on
 * fresh connections, since each function runs several instances behind one port), a home timeline is read without the
 * degraded mark and a post is acknowledged. Polled every 250 ms, so the figure is exact to
 * about a quarter of a second plus one probe's duration.
 */
import { get as httpGet } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

/** Who the probe acts as, and where the functions listen. */
export interface GreenProbeTarget {
  /** Base URL per function under test (health checks); posts and timeline also get a request. */
  readonly urls: Readonly<Record<string, string>> & { readonly posts: string; readonly timeline: string };
  readonly userId: string;
  readonly token: string;
}

/** One poll: green, or the first reason it is not. */
export type GreenVerdict = { readonly green: true } | { readonly green: false; readonly reason: string };

const PROBE_TIMEOUT_MS = 2_000;
const DEEP_ASKS = 3;

/**
 * GET on a fresh connection: the instances of a function share its port (round-robin per
 * connection), and fetch's keep-alive would ask the same instance every time.
 */
function getFresh(url: string): Promise<{ status: number; body: string; retryAfter: boolean }> {
  return new Promise((resolve, reject) => {
    const req = httpGet(url, { agent: false, timeout: PROBE_TIMEOUT_MS }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, retryAfter: res.headers['retry-after'] !== undefined }));
    });
    req.on('timeout', () => req.destroy(new Error(`${url} timed out`)));
    req.on('error', reject);
  });
}

async function get(url: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { headers, signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
}

/** Reasons a `/health/deep` body is not green (a failing check, a breaker not closed). */
export function deepProblems(body: unknown): string[] {
  const checks =
    (body as { checks?: Record<string, { status?: string; details?: { breaker?: string }; error?: string }> } | null)?.checks ?? {};
  const problems: string[] = [];
  for (const [name, check] of Object.entries(checks)) {
    if (check.status !== 'pass') problems.push(`${name} ${check.status ?? '?'}${check.error ? ` (${check.error.slice(0, 80)})` : ''}`);
    else if (check.details?.breaker && check.details.breaker !== 'closed') problems.push(`${name} breaker ${check.details.breaker}`);
  }
  return problems;
}

/** Polls the system once. */
export async function probeGreen(target: GreenProbeTarget): Promise<GreenVerdict> {
  try {
    for (const [fn, base] of Object.entries(target.urls)) {
      const ready = await getFresh(`${base}/health/ready`);
      if (ready.status !== 200) return { green: false, reason: `${fn} /health/ready ${ready.status}` };
      for (let i = 0; i < DEEP_ASKS; i++) {
        const deep = await getFresh(`${base}/health/deep`);
        if (deep.status === 503 && deep.retryAfter) continue;
        let body: unknown = null;
        try {
          body = JSON.parse(deep.body);
        } catch {
          return { green: false, reason: `${fn} /health/deep ${deep.status}, not JSON` };
        }
        const problems = deepProblems(body);
        if (problems.length > 0) return { green: false, reason: `${fn} /health/deep: ${problems.join(', ')}` };
      }
    }
    const auth = { Authorization: `Bearer ${target.token}` };
    const timeline = await get(`${target.urls.timeline}/timelines/${target.userId}?limit=20`, auth);
    await timeline.body?.cancel();
    if (timeline.status !== 200) return { green: false, reason: `timeline read ${timeline.status}` };
    if (timeline.headers.get('x-timeline-degraded') || timeline.headers.get('x-degraded'))
      return { green: false, reason: 'timeline read degraded' };
    const post = await fetch(`${target.urls.posts}/posts`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ text: `green probe ${Date.now()}` }),
      signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
    });
    await post.body?.cancel();
    if (post.status !== 201) return { green: false, reason: `post ${post.status}` };
    return { green: true };
  } catch (error) {
    return { green: false, reason: `probe failed: ${(error as Error).message}` };
  }
}

/** Time from `since` until the first green poll, ms; undefined when not green by `timeoutMs`. */
export async function timeToGreen(
  target: GreenProbeTarget,
  since: number,
  timeoutMs: number,
): Promise<{ ms: number | undefined; lastReason: string }> {
  let lastReason = '';
  while (Date.now() - since < timeoutMs) {
    const verdict = await probeGreen(target);
    if (verdict.green) return { ms: Date.now() - since, lastReason };
    lastReason = verdict.reason;
    await sleep(250);
  }
  return { ms: undefined, lastReason };
}
