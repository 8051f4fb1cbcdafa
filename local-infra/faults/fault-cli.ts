/** `npm run fault -- <service> <fault> [args]`: sets gray faults on the Toxiproxy proxies. */
import { createInfraConfig } from '../services/config.ts';
import { toxiproxyClient } from '../services/toxiproxy.service.ts';
import { FAULT_USAGE, FaultUsageError, parseFaultCommand, type FaultCommand } from './fault-command.ts';
import { ToxiproxyError, type Proxy, type ToxiproxyClient } from './toxiproxy-client.ts';

/** One line per proxy: its state and its toxics. */
export function describeProxies(proxies: readonly Proxy[]): string {
  return proxies
    .map((proxy) => {
      const toxics = proxy.toxics.map(
        (t) =>
          `${t.type}(${Object.entries(t.attributes)
            .map(([k, v]) => `${k}=${v}`)
            .join(' ')})`,
      );
      const faults = [proxy.enabled ? '' : 'DOWN', ...toxics].filter(Boolean).join(', ') || 'no fault';
      return `${proxy.name.padEnd(11)} ${proxy.listen.padEnd(16)} -> ${proxy.upstream.padEnd(16)} ${faults}`;
    })
    .join('\n');
}

async function execute(client: ToxiproxyClient, command: FaultCommand): Promise<string> {
  switch (command.kind) {
    case 'list':
      return describeProxies(await client.proxies());
    case 'reset-all':
      await client.resetAll();
      return 'every fault removed, every proxy up';
    case 'down':
    case 'up':
      await client.setEnabled(command.target, command.kind === 'up');
      return `${command.target}: ${command.kind}`;
    case 'clear': {
      const proxy = (await client.proxies()).find((p) => p.name === command.target);
      for (const t of proxy?.toxics ?? []) await client.removeToxic(command.target, t.name);
      await client.setEnabled(command.target, true);
      return `${command.target}: faults removed`;
    }
    case 'toxic': {
      // One toxic of a type per proxy: setting it again replaces it.
      const proxy = (await client.proxies()).find((p) => p.name === command.target);
      if (proxy?.toxics.some((t) => t.name === command.toxic.name)) await client.removeToxic(command.target, command.toxic.name);
      await client.addToxic(command.target, command.toxic);
      return `${command.target}: ${command.toxic.type} ${JSON.stringify(command.toxic.attributes)}`;
    }
  }
}

try {
  const command = parseFaultCommand(process.argv.slice(2));
  console.log(await execute(toxiproxyClient(createInfraConfig()), command));
} catch (error) {
  if (error instanceof FaultUsageError) {
    console.error(`fault: ${error.message}\n\n${FAULT_USAGE}`);
    process.exitCode = 64;
  } else if (error instanceof ToxiproxyError) {
    console.error(`fault: ${error.message}`);
    process.exitCode = 69;
  } else {
    throw error;
  }
}
