/**
 * `npm run knative:manifests`: writes local-infra/knative/manifests/<function>.yaml from the
 * function registry and the autoscaler settings. `-- --check` writes nothing and exits 1 when
 * the committed files differ from what the registry generates (run by `npm run check`).
 */
import { readdir, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';
import { FUNCTIONS } from '#functions/registry.ts';
import { DEFAULT_AUTOSCALER_SETTINGS } from '../platform/autoscaler-settings.ts';
import { knativeManifests, renderManifest } from './knative-manifests.ts';

export const MANIFESTS_DIR = fileURLToPath(new URL('./manifests/', import.meta.url));
const PACKAGE_JSON = fileURLToPath(new URL('../../package.json', import.meta.url));

/** The image the manifests name: `atlas-edge/node-host:<package version>` (README: how to retag). */
export async function imageReference(): Promise<string> {
  const { version } = JSON.parse(await readFile(PACKAGE_JSON, 'utf8')) as { version: string };
  return `atlas-edge/node-host:${version}`;
}

/** Every file the registry generates, by file name. */
export async function expectedManifestFiles(): Promise<Map<string, string>> {
  const manifests = knativeManifests(FUNCTIONS, DEFAULT_AUTOSCALER_SETTINGS, { image: await imageReference() });
  return new Map(manifests.map((manifest) => [manifest.fileName, renderManifest(manifest)]));
}

/** File names that differ: changed, missing, or left over from a function no longer registered. */
export async function staleManifestFiles(expected: Map<string, string>, dir = MANIFESTS_DIR): Promise<string[]> {
  const present = (await readdir(dir).catch(() => [] as string[])).filter((name) => name.endsWith('.yaml'));
  const stale: string[] = present.filter((name) => !expected.has(name));
  for (const [name, text] of expected) {
    const committed = await readFile(join(dir, name), 'utf8').catch(() => undefined);
    if (committed !== text) stale.push(name);
  }
  return stale.sort();
}

async function main(): Promise<void> {
  const expected = await expectedManifestFiles();
  const stale = await staleManifestFiles(expected);
  if (process.argv.includes('--check')) {
    if (stale.length > 0) {
      console.error(
        `Knative manifests out of date: ${stale.join(', ')}. Run \`npm run knative:manifests\` and commit local-infra/knative/manifests/.`,
      );
      process.exit(1);
    }
    console.log(`Knative manifests match the registry (${expected.size} files).`);
    return;
  }
  await mkdir(MANIFESTS_DIR, { recursive: true });
  for (const name of stale) {
    const text = expected.get(name);
    if (text === undefined) await rm(join(MANIFESTS_DIR, name));
    else await writeFile(join(MANIFESTS_DIR, name), text);
  }
  console.log(stale.length > 0 ? `Wrote ${stale.join(', ')} to ${MANIFESTS_DIR}` : 'Knative manifests already up to date.');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
