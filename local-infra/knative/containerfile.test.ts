import { existsSync, readFileSync } from 'node:fs';
import { matchesGlob } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONTAINER_PORT } from './function-selection.ts';
import { moduleGraph } from './module-graph.ts';

// No container engine runs on these machines: the image is checked here by reading its
// definition against the repository, and built elsewhere (README.md beside this file).
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const read = (path: string): string => readFileSync(`${ROOT}${path}`, 'utf8');

/** Containerfile instructions, continuation lines joined, comments dropped. */
function instructions(text: string): { keyword: string; args: string }[] {
  return text
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [keyword = '', ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    });
}

const steps = instructions(read('local-infra/knative/Containerfile'));
const args = (keyword: string): string[] => steps.filter((step) => step.keyword === keyword).map((step) => step.args);
const pkg = JSON.parse(read('package.json')) as { dependencies: Record<string, string>; scripts: Record<string, string> };
const entry = (JSON.parse(args('CMD').at(-1) ?? '[]') as string[])[1] ?? '';
const ignored = read('.dockerignore')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line !== '' && !line.startsWith('#'));

/** As Docker reads .dockerignore: a file is left out when it or a folder above it matches. */
function isIgnored(file: string): boolean {
  const parts = file.split('/');
  const paths = parts.map((_, index) => parts.slice(0, index + 1).join('/'));
  return paths.some((path) => ignored.some((pattern) => matchesGlob(path, pattern)));
}

describe('the Node host Containerfile', () => {
  it('builds on node:24-slim and installs runtime packages only', () => {
    expect(args('FROM').map((from) => from.split(' ')[0])).toEqual(['node:24-slim', 'node:24-slim']);
    expect(args('RUN').some((run) => /\bnpm ci --omit=dev\b/.test(run))).toBe(true);
  });

  it('runs as a numeric non-root user, so Kubernetes can enforce runAsNonRoot', () => {
    const [user] = args('USER').at(-1)?.split(':') ?? [];
    expect(Number(user)).toBeGreaterThan(0);
  });

  it('starts Node itself on the function entry, listening on the port Knative gives', () => {
    expect(JSON.parse(args('CMD').at(-1) ?? '[]')).toEqual(['node', 'local-infra/knative/function-main.ts']);
    expect(existsSync(`${ROOT}${entry}`)).toBe(true);
    expect(args('ENV').join(' ')).toContain(`PORT=${DEFAULT_CONTAINER_PORT}`);
    expect(args('EXPOSE')).toEqual([String(DEFAULT_CONTAINER_PORT)]);
  });

  describe('holds everything the entry loads', () => {
    const graph = moduleGraph(`${ROOT}${entry}`, ROOT);
    const copied = args('COPY')
      .filter((copy) => !copy.startsWith('--from'))
      .flatMap((copy) => copy.split(' ').slice(0, -1));

    it('every package it imports is a runtime dependency (npm ci --omit=dev installs it)', () => {
      expect(graph.packages.length).toBeGreaterThan(5);
      expect(graph.packages.filter((name) => !(name in pkg.dependencies))).toEqual([]);
    });

    it('every source file it imports is copied into the image and not excluded by .dockerignore', () => {
      expect(graph.files).toContain('functions/registry.ts');
      const isCopied = (file: string): boolean => copied.some((source) => file === source || file.startsWith(`${source}/`));
      expect(graph.files.filter((file) => !isCopied(file))).toEqual([]);
      expect(graph.files.filter(isIgnored)).toEqual([]);
    });
  });

  it('keeps local credentials and dependencies out of the build context', () => {
    expect(ignored).toEqual(expect.arrayContaining(['.env', '.dev.vars', '.git', '**/node_modules']));
    expect(
      ['functions/media/testing/fake-store.ts', 'shared/app/scaling.test.ts', 'node_modules/hono/package.json'].filter(isIgnored),
    ).toHaveLength(3);
    expect(isIgnored('shared/app/scaling.ts')).toBe(false);
  });
});

describe('npm scripts of the Knative files', () => {
  it('knative:manifests runs the generator, and check runs it in --check mode', () => {
    expect(pkg.scripts['knative:manifests']).toBe('node local-infra/knative/write-manifests.ts');
    expect(existsSync(`${ROOT}local-infra/knative/write-manifests.ts`)).toBe(true);
    expect(pkg.scripts['check']).toContain('npm run knative:manifests -- --check');
  });
});
