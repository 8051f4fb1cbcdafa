import { FAULT_TARGETS, isFaultTarget, type FaultTarget } from './proxies.ts';
import type { ToxicSpec } from './toxiproxy-client.ts';

/** What `npm run fault -- ...` asked for, checked. */
export type FaultCommand =
  | { readonly kind: 'list' }
  | { readonly kind: 'reset-all' }
  | { readonly kind: 'clear'; readonly target: FaultTarget }
  | { readonly kind: 'down'; readonly target: FaultTarget }
  | { readonly kind: 'up'; readonly target: FaultTarget }
  | { readonly kind: 'toxic'; readonly target: FaultTarget; readonly toxic: ToxicSpec };

/** Bad input: the message says what was expected. */
export class FaultUsageError extends Error {
  readonly code = 'FAULT_USAGE';
}

export const FAULT_USAGE = [
  'usage: npm run fault -- <service> <fault> [args]   (services: ' + FAULT_TARGETS.join(', ') + ')',
  '  latency <ms>[ms|s] [jitter]   delay the replies of the service',
  '  bandwidth <kB/s>              limit the throughput',
  '  timeout [ms]                  stall: data is dropped, the connection closes after ms (0 = never)',
  '  reset [ms]                    reset connections (RST) after ms',
  '  slow-close <ms>               delay the close of connections',
  '  down | up                     refuse / accept connections',
  "  clear                         remove this service's faults",
  '       npm run fault -- list | reset-all',
].join('\n');

/** Parses `300`, `300ms`, `1.5s` into milliseconds. */
export function parseDuration(text: string | undefined, what: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s)?$/.exec(text ?? '');
  if (!match) throw new FaultUsageError(`${what} must be a duration like 300ms or 2s, got "${text ?? ''}"`);
  const value = Number(match[1]) * (match[2] === 's' ? 1000 : 1);
  return Math.round(value);
}

function parseRate(text: string | undefined): number {
  if (!text || !/^\d+$/.test(text) || Number(text) <= 0)
    throw new FaultUsageError(`bandwidth wants a whole number of kB/s > 0, got "${text ?? ''}"`);
  return Number(text);
}

const toxic = (type: string, attributes: Record<string, number>): ToxicSpec => ({
  name: `atlas-${type}`,
  type,
  stream: 'downstream',
  attributes,
});

/** Turns CLI words into a command, or throws {@link FaultUsageError}. */
export function parseFaultCommand(args: readonly string[]): FaultCommand {
  const [first, fault, ...rest] = args;
  if (first === 'list' || first === 'reset-all') {
    if (args.length > 1) throw new FaultUsageError(`${first} takes no arguments`);
    return { kind: first };
  }
  if (!first) throw new FaultUsageError('no service named');
  if (!isFaultTarget(first)) throw new FaultUsageError(`unknown service "${first}" (known: ${FAULT_TARGETS.join(', ')})`);
  const target = first;
  const extra = (max: number): void => {
    if (rest.length > max) throw new FaultUsageError(`${fault ?? ''}: unexpected "${rest.slice(max).join(' ')}"`);
  };
  switch (fault) {
    case 'latency': {
      extra(2);
      const latency = parseDuration(rest[0], 'latency');
      const jitter = rest[1] === undefined ? 0 : parseDuration(rest[1], 'jitter');
      return { kind: 'toxic', target, toxic: toxic('latency', { latency, jitter }) };
    }
    case 'bandwidth':
      extra(1);
      return { kind: 'toxic', target, toxic: toxic('bandwidth', { rate: parseRate(rest[0]) }) };
    case 'timeout':
      extra(1);
      return { kind: 'toxic', target, toxic: toxic('timeout', { timeout: rest[0] === undefined ? 0 : parseDuration(rest[0], 'timeout') }) };
    case 'reset':
      extra(1);
      return {
        kind: 'toxic',
        target,
        toxic: toxic('reset_peer', { timeout: rest[0] === undefined ? 0 : parseDuration(rest[0], 'reset') }),
      };
    case 'slow-close':
      extra(1);
      return { kind: 'toxic', target, toxic: toxic('slow_close', { delay: parseDuration(rest[0], 'slow-close') }) };
    case 'down':
    case 'up':
    case 'clear':
      extra(0);
      return { kind: fault, target };
    default:
      throw new FaultUsageError(fault ? `unknown fault "${fault}"` : `no fault named for ${target}`);
  }
}
