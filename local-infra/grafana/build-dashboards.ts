/**
 * Writes the Grafana dashboards (local-infra/grafana/dashboards/*.json) from their definitions.
 * Run `npm run grafana:dashboards` after editing dashboard-definitions.ts; dashboards.test.ts
 * fails when the committed JSON differs.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DASHBOARDS } from './dashboard-definitions.ts';

/** Folder Grafana provisions dashboards from (mounted by docker-compose.yml). */
export const DASHBOARD_DIR = join(dirname(fileURLToPath(import.meta.url)), 'dashboards');

/** The exact file content of a dashboard. */
export function renderDashboard(definition: Record<string, unknown>): string {
  return `${JSON.stringify(definition, null, 2)}\n`;
}

if (import.meta.main) {
  for (const [file, definition] of Object.entries(DASHBOARDS)) writeFileSync(join(DASHBOARD_DIR, file), renderDashboard(definition));
  console.log(`wrote ${Object.keys(DASHBOARDS).length} dashboards to ${DASHBOARD_DIR}`);
}
