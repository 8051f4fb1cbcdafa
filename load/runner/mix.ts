/**
 * Which parts of the request mix can run: each operation's route is probed once on the
 * running functions. A route that does not exist (the function's 404 "No route for ...")
 * switches that part off, and the report says so, instead of counting 404s as errors.
 */

/** An operation of the mix and the request that tells whether its route exists. */
interface Probe {
  readonly op: string;
  readonly method: string;
  readonly url: (urls: MixUrls) => string;
}

/** Base URLs of the functions. */
export interface MixUrls {
  readonly users: string;
  readonly posts: string;
  readonly timeline: string;
  readonly media: string;
}

const SOME_UUID = '00000000-0000-4000-8000-000000000000';

/** Operations and how to probe them (paths as the k6 ops in load/scenarios/lib/ops.js use them). */
export function probes(followPath: string): Probe[] {
  return [
    { op: 'timeline', method: 'GET', url: (u) => `${u.timeline}/timelines/${SOME_UUID}` },
    { op: 'user', method: 'GET', url: (u) => `${u.users}/users/${SOME_UUID}` },
    { op: 'post', method: 'POST', url: (u) => `${u.posts}/posts` },
    {
      op: 'follow',
      method: 'PUT',
      url: (u) => `${u.users}${followPath.replace('{followee}', SOME_UUID).replace('{follower}', SOME_UUID)}`,
    },
    { op: 'media', method: 'POST', url: (u) => `${u.media}/media` },
    { op: 'signup', method: 'POST', url: (u) => `${u.users}/users` },
  ];
}

/** Result of probing the mix. */
export interface MixAvailability {
  readonly enabled: string[];
  /** `op: reason` for every part switched off. */
  readonly disabled: string[];
}

/** Probes every operation; unreachable functions and missing routes switch their part off. */
export async function probeMix(urls: MixUrls, followPath: string): Promise<MixAvailability> {
  const enabled: string[] = [];
  const disabled: string[] = [];
  await Promise.all(
    probes(followPath).map(async (probe) => {
      try {
        const response = await fetch(probe.url(urls), {
          method: probe.method,
          ...(probe.method === 'POST' ? { body: '{}', headers: { 'Content-Type': 'application/json' } } : {}),
          // An unauthenticated PUT still reaches the route (401), which is all the probe asks.
          signal: AbortSignal.timeout(3000),
        });
        const body = await response.text();
        if (response.status === 404 && body.includes('No route for'))
          disabled.push(`${probe.op}: route not there yet (${probe.method} ${new URL(probe.url(urls)).pathname})`);
        else enabled.push(probe.op);
      } catch (error) {
        disabled.push(`${probe.op}: function not running (${(error as Error).name})`);
      }
    }),
  );
  return { enabled, disabled };
}

/** Parses `timeline=85,user=6` into weights restricted to enabled ops. */
export function effectiveWeights(mix: string, enabled: readonly string[]): Record<string, number> {
  const weights: Record<string, number> = {};
  for (const part of mix.split(',')) {
    const [name = '', value = '0'] = part.split('=');
    if (enabled.includes(name) && Number(value) > 0) weights[name] = Number(value);
  }
  return weights;
}
