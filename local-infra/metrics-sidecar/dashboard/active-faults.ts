import { createToxiproxyClient } from '#local-infra/faults/toxiproxy-client.ts';

/** Faults set on one proxy, as the dashboard lists them. */
export interface ActiveFault {
  readonly service: string;
  readonly faults: readonly string[];
}

/** What `/dashboard/faults` answers: the active faults, or why there are none to show. */
export type ActiveFaults =
  { readonly available: true; readonly proxies: readonly ActiveFault[] } | { readonly available: false; readonly reason: string };

/**
 * Reads the active faults from Toxiproxy (read-only, short budget): the page shows them beside
 * the breaker states so a breaker that opened can be matched to the fault that opened it.
 */
export async function readActiveFaults(baseUrl: string): Promise<ActiveFaults> {
  try {
    const proxies = await createToxiproxyClient({ baseUrl, timeoutMs: 500 }).proxies();
    return {
      available: true,
      proxies: proxies.map((proxy) => ({
        service: proxy.name,
        faults: [
          ...(proxy.enabled ? [] : ['down']),
          ...proxy.toxics.map((toxic) =>
            `${toxic.type} ${Object.entries(toxic.attributes)
              .map(([k, v]) => `${k}=${v}`)
              .join(' ')}`.trim(),
          ),
        ],
      })),
    };
  } catch {
    return { available: false, reason: 'faults off (Toxiproxy not running)' };
  }
}
