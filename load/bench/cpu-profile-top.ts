/**
 * `node load/bench/cpu-profile-top.ts <file.cpuprofile> [n]`: the functions with the most
 * self time in a V8 CPU profile (`node --cpu-prof`), with their file, and self time grouped by
 * package, so a missed benchmark target points at code rather than at a guess.
 */
import { readFile } from 'node:fs/promises';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [path, count = '25'] = process.argv.slice(2);
if (!path) throw new Error('usage: node load/bench/cpu-profile-top.ts <file.cpuprofile> [n]');
const profile = JSON.parse(await readFile(path, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const self = new Map<string, number>();
const byPackage = new Map<string, number>();
let total = 0;
profile.samples.forEach((id, i) => {
  const node = byId.get(id);
  const micros = profile.timeDeltas[i] ?? 0;
  total += micros;
  if (!node) return;
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url.replace(/^file:\/\/\/work\/main\//, '');
  const key = `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`;
  self.set(key, (self.get(key) ?? 0) + micros);
  const pkg =
    /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1] ??
    (url.startsWith('node:') ? 'node core' : url ? file.split('/').slice(0, 2).join('/') : functionName || '(vm)');
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + micros);
});
const pct = (micros: number): string => `${((micros / total) * 100).toFixed(1).padStart(5)}%`;
console.log(`total ${(total / 1e6).toFixed(1)} s sampled\n\nself time by package/folder:`);
for (const [pkg, micros] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`${pct(micros)}  ${pkg}`);
console.log('\ntop functions by self time:');
for (const [key, micros] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(count))) console.log(`${pct(micros)}  ${key}`);
