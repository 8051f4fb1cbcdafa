import { serviceStatus, type ServiceStatus } from '../services/index.ts';
import type { CliCommand } from './command.ts';

function row(status: ServiceStatus): string[] {
  return [
    status.name,
    status.state,
    status.ports.map((p) => p.port).join(','),
    status.pid === undefined ? '-' : String(status.pid),
    status.uptimeSeconds === undefined ? '-' : `${status.uptimeSeconds}s`,
    status.health.healthy ? `ok ${status.health.latencyMs}ms` : (status.health.error ?? 'down').slice(0, 40),
  ];
}

/** `status`: one table row per service; exit 1 if any is not running. */
export const statusCommand: CliCommand = {
  summary: 'table of services: state, ports, pid, uptime, health',
  usage: 'status [service...] [--json]',
  async run(args) {
    const names = args.filter((arg) => !arg.startsWith('--'));
    const statuses = await serviceStatus(names.length > 0 ? names : undefined);
    if (args.includes('--json')) {
      console.log(JSON.stringify(statuses, null, 2));
    } else {
      const rows = [['SERVICE', 'STATE', 'PORTS', 'PID', 'UPTIME', 'HEALTH'], ...statuses.map(row)];
      const widths = rows.reduce<number[]>((acc, r) => r.map((cell, i) => Math.max(acc[i] ?? 0, cell.length)), []);
      for (const r of rows)
        console.log(
          r
            .map((cell, i) => cell.padEnd(widths[i] ?? 0))
            .join('  ')
            .trimEnd(),
        );
      console.log(`logs: ${statuses[0]?.logFile.replace(/[^/]+$/, '') ?? ''}`);
    }
    return statuses.every((s) => s.state === 'running' || s.state === 'external') ? 0 : 1;
  },
};
