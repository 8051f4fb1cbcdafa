import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorkerBundle } from '#local-infra/workerd-host/build-bundle.ts';
import { serveWorkerBundle } from '#local-infra/workerd-host/serve-bundle.ts';
import type { ServedWorker } from '#local-infra/workerd-host/serve-bundle.ts';
import { FUNCTION_CREDENTIAL_NAMES, PRODUCTION_ENV } from './testing/production-env.ts';

// workerd side of production mode: the users worker bundled as deployed (its wrangler env,
// whose local vars are the development defaults) and served by Miniflare with ATLAS_ENV set.

const outdir = `dist/workerd-test/${process.pid}-production-mode`;
let bundlePath = '';
const served: ServedWorker[] = [];

async function serve(extraBindings: Record<string, string>, overrides: Record<string, string> = {}): Promise<string> {
  const worker = await serveWorkerBundle({ env: 'users', bundlePath, overrides, extraBindings });
  served.push(worker);
  return worker.url;
}

beforeAll(async () => {
  bundlePath = await buildWorkerBundle({ env: 'users', outdir });
}, 120_000);

afterAll(async () => {
  await Promise.all(served.map((worker) => worker.dispose()));
});

describe('ATLAS_ENV=production on workerd', () => {
  it('refuses every request while the wrangler env binds development credentials, naming each variable', async () => {
    const url = await serve({ ATLAS_ENV: 'production' });
    for (const path of ['/health/live', '/users/00000000-0000-4000-8000-000000000000']) {
      const response = await fetch(`${url}${path}`);
      expect(response.status).toBe(500);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      const problem = (await response.json()) as { code: string; detail: string };
      expect(problem.code).toBe('development_defaults_in_production');
      for (const name of FUNCTION_CREDENTIAL_NAMES) {
        expect(problem.detail).toContain(name);
      }
      expect(problem.detail).not.toContain('atlas-local');
    }
  });

  it('serves once every credential has a production value', async () => {
    const { ATLAS_ENV, DATABASE_URL: _unreachable, ...secrets } = PRODUCTION_ENV;
    const url = await serve({ ATLAS_ENV, ...secrets }, { DATABASE_URL: 'postgres://atlas_app:s3cret-db@127.0.0.1:5432/atlas' });
    const response = await fetch(`${url}/health/live`);
    expect(response.status).toBe(200);
  });

  it('development mode keeps serving with the local defaults', async () => {
    const url = await serve({});
    expect((await fetch(`${url}/health/live`)).status).toBe(200);
  });
});
